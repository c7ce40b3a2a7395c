import "server-only";
import { db } from "@/lib/server/db";
import { ZInvitationToken } from "@/lib/schemas/invitation";
import type { TRole } from "@/lib/roles";
import { hashInvitationToken } from "./invitation-token";

export type TInvitationView = { id: string; orgId: string; orgName: string; email: string; role: TRole; expiresAt: string };

/**
 * The invitation behind a link, when it can still be accepted; null for a malformed,
 * unknown, used, withdrawn or expired link (the page says the same for all of them).
 */
export async function findOpenInvitation(token: string): Promise<TInvitationView | null> {
  if (!ZInvitationToken.safeParse(token).success) return null;
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { org: { select: { name: true } } },
  });
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  return { id: row.id, orgId: row.orgId, orgName: row.org.name, email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString() };
}
