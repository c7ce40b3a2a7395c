import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { assertOwnerRemains, getMembership } from "./list-members";
import { assertMayManage } from "./update-member-role";

/**
 * Removes a member from the actor's organisation (admin+; owners only for owners). The last
 * owner cannot be removed (409). Also revokes the user's API tokens of this organisation; their
 * sessions lose this organisation at the next request (membership is read on every request)
 * and keep any other. The user account itself stays (it may belong to other organisations).
 */
export async function removeMember(options: {
  actor: TActor;
  userId: string;
}): Promise<{ userId: string; email: string; revokedTokens: number }> {
  const actor = assertRole(options.actor, "admin");
  return db.$transaction(async (tx) => {
    const current = await getMembership(actor, options.userId, tx);
    assertMayManage(actor, current.role);
    if (current.role === "owner") await assertOwnerRemains(tx, actor.orgId, current.userId);
    await tx.membership.delete({ where: { id: current.id } });
    const revoked = await tx.apiToken.updateMany({
      where: { orgId: actor.orgId, userId: current.userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordAudit(tx, {
      actor,
      action: "member.remove",
      entity: "member",
      entityId: current.userId,
      summary: `Removed ${current.user.email} (${current.role}); revoked ${revoked.count} API token(s)`,
      before: { email: current.user.email, role: current.role, since: current.createdAt.toISOString() },
      after: { revokedTokens: revoked.count },
    });
    return { userId: current.userId, email: current.user.email, revokedTokens: revoked.count };
  });
}
