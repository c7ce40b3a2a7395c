import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { toTokenSummary, type TTokenSummary } from "./list-tokens";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Revokes an API token of the actor's organisation (admin+); it stops working at once.
 * A token of another organisation answers 404. Revoking twice keeps the first time.
 */
export async function revokeToken(options: { actor: TActor; tokenId: string }): Promise<TTokenSummary> {
  const actor = assertRole(options.actor, "admin");
  return db.$transaction(async (tx) => {
    const current = UUID.test(options.tokenId)
      ? await tx.apiToken.findFirst({ where: { id: options.tokenId, orgId: actor.orgId }, include: { user: { select: { email: true } } } })
      : null;
    if (!current) throw notFound("API token");
    if (current.revokedAt) return toTokenSummary(current);
    const row = await tx.apiToken.update({
      where: { id: current.id },
      data: { revokedAt: new Date() },
      include: { user: { select: { email: true } } },
    });
    await recordAudit(tx, {
      actor,
      action: "token.revoke",
      entity: "api_token",
      entityId: current.id,
      summary: `Revoked API token "${current.name}" (${current.prefix}…) of ${current.user.email}`,
      before: { name: current.name, prefix: current.prefix, role: current.role, revokedAt: null },
      after: { revokedAt: row.revokedAt?.toISOString() },
    });
    return toTokenSummary(row);
  });
}
