import "server-only";
import { assertRole } from "@/lib/server/auth/get-actor";
import type { TActor } from "@/lib/server/auth/actor";
import { db, type TTx } from "@/lib/server/db";
import { hasRole, type TRole } from "@/lib/roles";
import { sortScopes, SCOPES, type TScope } from "@/lib/scopes";

/** An API token as shown to its owner and admins: never its value or hash. */
export type TTokenSummary = {
  id: string;
  name: string;
  /** The first characters of the token, to recognise it. */
  prefix: string;
  scopes: TScope[];
  /** Names of the phone books it is limited to ("(deleted)" for a deleted one); null = all. */
  phonebooks: string[] | null;
  expiresAt: string | null;
  status: "active" | "expired" | "revoked";
  isActive: boolean;
  createdBy: { userId: string; email: string };
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedAddress: string | null;
  revokedAt: string | null;
  /** Whether the caller may revoke it (see {@link mayRevoke}). */
  canRevoke: boolean;
};

export const TOKEN_INCLUDE = { user: { select: { email: true } } } as const;

type TTokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  phonebookIds: string[];
  expiresAt: Date | null;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedAddress: string | null;
  revokedAt: Date | null;
  user: { email: string };
};

/**
 * Who may revoke a token: its user always; an admin any token of the organisation except an
 * owner's (`ownerRole` is the token user's current role there, null when no longer a member);
 * an owner every token.
 */
export function mayRevoke(actor: TActor, token: { userId: string }, ownerRole: TRole | null): boolean {
  if (token.userId === actor.userId) return true;
  if (!hasRole(actor.role, "admin")) return false;
  return ownerRole !== "owner" || actor.role === "owner";
}

/** Summaries of `rows` (tokens of the actor's organisation) for `actor`, in the order given. */
export async function summariseTokens(actor: TActor, rows: TTokenRow[], tx: TTx = db, now = new Date()): Promise<TTokenSummary[]> {
  const bookIds = [...new Set(rows.flatMap((r) => r.phonebookIds))];
  const books = bookIds.length
    ? await tx.phonebook.findMany({ where: { orgId: actor.orgId, id: { in: bookIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(books.map((b) => [b.id, b.name]));
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const roles = new Map(
    (await tx.membership.findMany({ where: { orgId: actor.orgId, userId: { in: userIds } }, select: { userId: true, role: true } })).map(
      (m) => [m.userId, m.role],
    ),
  );
  return rows.map((row) => {
    const status = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active";
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      scopes: sortScopes(row.scopes.filter((s): s is TScope => (SCOPES as readonly string[]).includes(s))),
      phonebooks: row.phonebookIds.length ? row.phonebookIds.map((id) => names.get(id) ?? "(deleted)").sort() : null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      status,
      isActive: status === "active",
      createdBy: { userId: row.userId, email: row.user.email },
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      lastUsedAddress: row.lastUsedAddress,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      canRevoke: status !== "revoked" && mayRevoke(actor, row, roles.get(row.userId) ?? null),
    };
  });
}

/** The summary of one token row. */
export async function summariseToken(actor: TActor, row: TTokenRow, tx: TTx = db, now = new Date()): Promise<TTokenSummary> {
  const [summary] = await summariseTokens(actor, [row], tx, now);
  if (!summary) throw new Error("summariseTokens returned no row");
  return summary;
}

/**
 * API tokens of the actor's organisation for admins, the actor's own for other members:
 * active first, then newest first.
 */
export async function listTokens(options: { actor: TActor }): Promise<TTokenSummary[]> {
  const actor = assertRole(options.actor, "viewer");
  const rows = await db.apiToken.findMany({
    where: { orgId: actor.orgId, ...(hasRole(actor.role, "admin") ? {} : { userId: actor.userId }) },
    include: TOKEN_INCLUDE,
    orderBy: [{ createdAt: "desc" }],
  });
  return (await summariseTokens(actor, rows)).sort((a, b) => Number(b.isActive) - Number(a.isActive));
}
