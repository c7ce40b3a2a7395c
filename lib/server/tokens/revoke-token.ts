import "server-only";
import { isUuid } from "@/lib/server/is-uuid";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { hasRole } from "@/lib/roles";
import { mayRevoke, summariseToken, TOKEN_INCLUDE, type TTokenSummary } from "./list-tokens";

/**
 * Revokes an API token of the actor's organisation; it stops working at once. Anyone may
 * revoke their own, admins any but an owner's, owners every one (403 otherwise). A token of
 * another organisation answers 404. Revoking twice keeps the first time.
 */
export async function revokeToken(options: { actor: TActor; tokenId: string }): Promise<TTokenSummary> {
  const actor = assertRole(options.actor, "viewer");
  return db.$transaction(async (tx) => {
    const current = isUuid(options.tokenId)
      ? await tx.apiToken.findFirst({ where: { id: options.tokenId, orgId: actor.orgId }, include: TOKEN_INCLUDE })
      : null;
    if (!current) throw notFound("API token");
    const holder = await tx.membership.findUnique({ where: { orgId_userId: { orgId: actor.orgId, userId: current.userId } } });
    if (!mayRevoke(actor, current, holder?.role ?? null)) {
      throw new AppError(
        "forbidden",
        hasRole(actor.role, "admin")
          ? `Only an owner can revoke an owner's API token ("${current.name}" belongs to ${current.user.email}, an owner).`
          : `You can revoke only your own API tokens; revoking others' needs the admin role (you are ${actor.role}).`,
      );
    }
    if (current.revokedAt) return summariseToken(actor, current, tx);
    const row = await tx.apiToken.update({ where: { id: current.id }, data: { revokedAt: new Date() }, include: TOKEN_INCLUDE });
    await recordAudit(tx, {
      actor,
      action: "token.revoke",
      entity: "api_token",
      entityId: current.id,
      summary: `Revoked API token "${current.name}" (${current.prefix}…) of ${current.user.email}`,
      before: {
        name: current.name,
        prefix: current.prefix,
        scopes: current.scopes,
        expiresAt: current.expiresAt?.toISOString() ?? null,
        phonebookIds: current.phonebookIds,
        revokedAt: null,
      },
      after: { revokedAt: row.revokedAt?.toISOString() },
    });
    return summariseToken(actor, row, tx);
  });
}
