import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import type { TRole } from "@/lib/roles";

export type TInvitation = {
  id: string;
  email: string;
  role: TRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
};

type TInvitationRow = { id: string; email: string; role: TRole; createdBy: string; createdAt: Date; expiresAt: Date };

export const toInvitation = (row: TInvitationRow): TInvitation => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
});

/** Where clause of the invitations that can still be accepted. */
export const openInvitationWhere = (now = new Date()) => ({ acceptedAt: null, revokedAt: null, expiresAt: { gt: now } });

/** Open invitations of the actor's organisation (admin+), newest first. */
export async function listInvitations(actor: TActor): Promise<TInvitation[]> {
  assertRole(actor, "admin");
  const rows = await db.invitation.findMany({
    where: { orgId: actor.orgId, ...openInvitationWhere() },
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toInvitation);
}
