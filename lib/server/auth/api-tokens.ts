import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type TTx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { scopesForRole, sortScopes, SCOPES, type TScope } from "@/lib/scopes";
import type { TRole } from "@/lib/roles";
import type { TActor } from "./actor";
import { clientAddress } from "./client-address";

const TOKEN_PREFIX = "pba_";
/** Last-used time and address are written at most this often per token, not on every request. */
export const LAST_USED_EVERY_MS = 60_000;

export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** `2026-12-01 10:00 UTC`: how token times are shown in messages and on the tokens page. */
export const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;

type TIssue = {
  orgId: string;
  userId: string;
  name: string;
  expiresAt?: Date | null;
  /** Ids of the phone books it is limited to; empty or absent = all. */
  phonebookIds?: string[];
} & ({ scopes: readonly TScope[] } | { role: TRole });

/**
 * Makes a new random token; only its sha256 is stored. Returns the token once. `role` is
 * shorthand for the scopes that role allows (scripts, tests). Checks of who may grant what
 * are the caller's (lib/server/tokens/create-token.ts).
 */
export async function issueApiToken(opts: TIssue, tx: TTx = db): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await tx.apiToken.create({
    data: {
      orgId: opts.orgId,
      userId: opts.userId,
      name: opts.name,
      scopes: sortScopes("scopes" in opts ? opts.scopes : scopesForRole(opts.role)),
      expiresAt: opts.expiresAt ?? null,
      phonebookIds: opts.phonebookIds ?? [],
      prefix: token.slice(0, 10),
      tokenHash: hashToken(token),
    },
  });
  return { id: row.id, token };
}

const isScope = (s: string): s is TScope => (SCOPES as readonly string[]).includes(s);

/**
 * Resolves `Authorization: Bearer <token>` to an actor: null for unknown or revoked tokens
 * and users no longer in the organisation; 401 naming the date for an expired one. The
 * actor has the user's current role; what the token may do within it is `actor.apiToken`
 * (scopes and phone books, checked by lib/server/auth/token-rights.ts). Records the
 * last-used time and client address at most once a minute per token.
 */
export async function actorFromBearer(headers: Headers): Promise<TActor | null> {
  const match = headers.get("authorization")?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(match[1]) },
    include: { user: true, org: true },
  });
  if (!row || row.revokedAt) return null;
  const now = new Date();
  if (row.expiresAt && row.expiresAt <= now) {
    throw new AppError("unauthorized", `This API token expired on ${formatUtc(row.expiresAt)}; create a new one.`);
  }
  const membership = await db.membership.findUnique({
    where: { orgId_userId: { orgId: row.orgId, userId: row.userId } },
  });
  if (!membership) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    // Conditional, so concurrent first requests of a minute write once between them.
    const stale = new Date(now.getTime() - LAST_USED_EVERY_MS);
    await db.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }] },
      data: { lastUsedAt: now, lastUsedAddress: clientAddress(headers) },
    });
  }
  return {
    userId: row.userId,
    email: row.user.email,
    orgId: row.orgId,
    orgSlug: row.org.slug,
    orgName: row.org.name,
    role: membership.role,
    via: "token",
    apiToken: { id: row.id, scopes: row.scopes.filter(isScope), phonebookIds: row.phonebookIds, expiresAt: row.expiresAt },
  };
}
