import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/server/db";
import type { TRole } from "@/lib/roles";
import type { TActor } from "./actor";

const TOKEN_PREFIX = "pba_";

export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Makes a new random token; only its sha256 is stored. Returns the token once. */
export async function issueApiToken(opts: {
  orgId: string;
  userId: string;
  name: string;
  role: TRole;
}): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiToken.create({
    data: {
      orgId: opts.orgId,
      userId: opts.userId,
      name: opts.name,
      role: opts.role,
      prefix: token.slice(0, 10),
      tokenHash: hashToken(token),
    },
  });
  return { id: row.id, token };
}

/** Resolves `Authorization: Bearer <token>` to an actor, or null for unknown or revoked tokens. */
export async function actorFromBearer(header: string | null): Promise<TActor | null> {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(match[1]) },
    include: { user: true, org: true },
  });
  if (!row || row.revokedAt) return null;
  const membership = await db.membership.findUnique({
    where: { orgId_userId: { orgId: row.orgId, userId: row.userId } },
  });
  if (!membership) return null;
  // A token never grants more than its user currently has in that organisation.
  const role: TRole = rankMin(row.role, membership.role);
  // last-used time at minute granularity: one write a minute per token, not one per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    userId: row.userId,
    email: row.user.email,
    orgId: row.orgId,
    orgSlug: row.org.slug,
    orgName: row.org.name,
    role,
    via: "token",
    tokenId: row.id,
  };
}

const ORDER: TRole[] = ["viewer", "editor", "admin", "owner"];
function rankMin(a: TRole, b: TRole): TRole {
  return ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
}
