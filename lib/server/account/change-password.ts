import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { db } from "@/lib/server/db";
import { invalidInput } from "@/lib/server/errors";

/**
 * Changes the signed-in user's own password after checking the current one. Bumps the
 * session version, so every session of this user (other browsers too) must sign in again.
 */
export async function changePassword(options: { actor: TActor; currentPassword: string; newPassword: string }): Promise<void> {
  const { actor } = options;
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!(await verifyPassword(options.currentPassword, user.passwordHash))) {
    throw invalidInput("The current password is wrong", [{ field: "currentPassword", message: "This is not your current password" }]);
  }
  const passwordHash = await hashPassword(options.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, sessionVersion: { increment: 1 }, failedLogins: 0, lockedUntil: null },
    });
    await recordAudit(tx, {
      actor,
      action: "user.password",
      entity: "user",
      entityId: user.id,
      summary: `${user.email} changed their password`,
    });
  });
}
