import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { clearAccount } from "@/lib/server/auth/login-throttle";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { revokeAllSessions } from "@/lib/server/auth/sessions";
import { assertPasswordAllowed } from "@/lib/server/auth/password-policy";
import { db } from "@/lib/server/db";
import { invalidInput } from "@/lib/server/errors";

/**
 * Changes the signed-in user's own password after checking the current one. Bumps the
 * session version, so every session of this user (other browsers too) must sign in again,
 * and clears the account's sign-in delays. With `revokeTokens`, also revokes every API
 * token of the user, in all their organisations.
 */
export async function changePassword(options: {
  actor: TActor;
  currentPassword: string;
  newPassword: string;
  revokeTokens?: boolean;
}): Promise<{ revokedTokens: number }> {
  const { actor } = options;
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!(await verifyPassword(options.currentPassword, user.passwordHash))) {
    throw invalidInput("The current password is wrong", [{ field: "currentPassword", message: "This is not your current password" }]);
  }
  assertPasswordAllowed(options.newPassword, "newPassword");
  const passwordHash = await hashPassword(options.newPassword);
  const revokedTokens = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    const revoked = options.revokeTokens
      ? await tx.apiToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: new Date() } })
      : { count: 0 };
    await recordAudit(tx, {
      actor,
      action: "user.password",
      entity: "user",
      entityId: user.id,
      summary: `${user.email} changed their password${revoked.count ? ` and revoked ${revoked.count} API token(s)` : ""}`,
      after: { revokedTokens: revoked.count },
    });
    return revoked.count;
  });
  await Promise.all([clearAccount(user.email), revokeAllSessions(user.id)]);
  return { revokedTokens };
}
