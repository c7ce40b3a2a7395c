import "server-only";
import { isUuid } from "@/lib/server/is-uuid";
import type { TActor } from "@/lib/server/auth/actor";
import { db, type TTx } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import type { TRole } from "@/lib/roles";

export type TMember = {
  userId: string;
  email: string;
  name: string;
  role: TRole;
  /** When the user joined this organisation (ISO). */
  since: string;
};

type TMembershipRow = { userId: string; role: TRole; createdAt: Date; user: { email: string; name: string } };

export const toMember = (row: TMembershipRow): TMember => ({
  userId: row.userId,
  email: row.user.email,
  name: row.user.name,
  role: row.role,
  since: row.createdAt.toISOString(),
});

/** Members of the actor's organisation (viewer+), by email. */
export async function listMembers(actor: TActor): Promise<TMember[]> {
  const rows = await db.membership.findMany({
    where: { orgId: actor.orgId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return rows.map(toMember);
}

/**
 * The membership of `userId` in the actor's organisation, or 404; a user of another
 * organisation (or a malformed id) answers exactly like a missing one.
 */
export async function getMembership(actor: TActor, userId: string, tx: TTx = db) {
  const row = isUuid(userId)
    ? await tx.membership.findUnique({
        where: { orgId_userId: { orgId: actor.orgId, userId } },
        include: { user: { select: { email: true, name: true } } },
      })
    : null;
  if (!row) throw notFound("Member");
  return row;
}

/**
 * Refuses (409) to leave the organisation without an owner. Locks the owner rows first so two
 * concurrent demotions of the last two owners cannot both pass.
 */
export async function assertOwnerRemains(tx: TTx, orgId: string, leavingUserId: string): Promise<void> {
  const owners = await tx.$queryRaw<{ user_id: string }[]>`
    SELECT user_id::text FROM membership WHERE org_id = ${orgId}::uuid AND role = 'owner' FOR UPDATE`;
  if (owners.every((o) => o.user_id === leavingUserId)) {
    throw new AppError(
      "conflict",
      "This is the organisation's last owner: make another member an owner first, then change or remove this one.",
    );
  }
}
