import "server-only";
import { isUuid } from "@/lib/server/is-uuid";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { assertMayGrant } from "@/lib/server/members/assert-may-grant";
import { openInvitationWhere } from "./list-invitations";

/** Withdraws an open invitation of the actor's organisation (admin+; owner invitations by owners). */
export async function revokeInvitation(options: { actor: TActor; id: string }): Promise<{ id: string; email: string }> {
  const actor = assertRole(options.actor, "admin");
  return db.$transaction(async (tx) => {
    const row = isUuid(options.id)
      ? await tx.invitation.findFirst({ where: { id: options.id, orgId: actor.orgId, ...openInvitationWhere() } })
      : null;
    if (!row) throw notFound("Open invitation");
    assertMayGrant(actor, row.role);
    await tx.invitation.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      actor,
      action: "invitation.revoke",
      entity: "invitation",
      entityId: row.id,
      summary: `Withdrew the invitation of ${row.email} (${row.role})`,
      before: { email: row.email, role: row.role },
    });
    return { id: row.id, email: row.email };
  });
}
