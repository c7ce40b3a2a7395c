import "server-only";
import { assertRole } from "@/lib/server/auth/get-actor";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import type { TRole } from "@/lib/roles";

/** An API token as shown to admins: never its value or hash. */
export type TTokenSummary = {
  id: string;
  name: string;
  /** The first characters of the token, to recognise it. */
  prefix: string;
  role: TRole;
  createdBy: { userId: string; email: string };
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  isActive: boolean;
};

type TTokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: TRole;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  user: { email: string };
};

export const toTokenSummary = (row: TTokenRow): TTokenSummary => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  role: row.role,
  createdBy: { userId: row.userId, email: row.user.email },
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  isActive: row.revokedAt === null,
});

/** API tokens of the actor's organisation (admin+), active first, newest first. */
export async function listTokens(options: { actor: TActor }): Promise<TTokenSummary[]> {
  const actor = assertRole(options.actor, "admin");
  const rows = await db.apiToken.findMany({
    where: { orgId: actor.orgId },
    include: { user: { select: { email: true } } },
    orderBy: [{ createdAt: "desc" }],
  });
  return rows.map(toTokenSummary).sort((a, b) => Number(b.isActive) - Number(a.isActive));
}
