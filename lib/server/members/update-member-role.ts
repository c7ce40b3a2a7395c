import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { TRole } from "@/lib/roles";
import { assertMayGrant } from "./assert-may-grant";
import { assertOwnerRemains, getMembership, toMember, type TMember } from "./list-members";

/** Admins manage editors, viewers and other admins, never owners. */
export function assertMayManage(actor: TActor, targetRole: TRole): void {
  if (targetRole === "owner" && actor.role !== "owner") {
    throw new AppError("forbidden", "Only an owner can change or remove an owner.");
  }
}

/**
 * Changes a member's role (admin+; owners only for owner roles). The last owner cannot be
 * demoted (409). Roles are read on every request, so the change applies at once; the user's
 * sessions, here and in their other organisations, stay signed in.
 */
export async function updateMemberRole(options: { actor: TActor; userId: string; role: TRole }): Promise<TMember> {
  const actor = assertRole(options.actor, "admin");
  const { role } = options;
  return db.$transaction(async (tx) => {
    const current = await getMembership(actor, options.userId, tx);
    assertMayManage(actor, current.role);
    assertMayGrant(actor, role);
    if (current.role === role) return toMember(current);
    if (current.role === "owner") await assertOwnerRemains(tx, actor.orgId, current.userId);
    const row = await tx.membership.update({
      where: { id: current.id },
      data: { role },
      include: { user: { select: { email: true, name: true } } },
    });
    await recordAudit(tx, {
      actor,
      action: "member.update",
      entity: "member",
      entityId: current.userId,
      summary: `Changed ${current.user.email} from ${current.role} to ${role}`,
      before: { email: current.user.email, role: current.role },
      after: { email: current.user.email, role },
    });
    return toMember(row);
  });
}
