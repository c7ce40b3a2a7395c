import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { hasRole } from "@/lib/roles";
import type { TTokenCreate } from "@/lib/schemas/token";
import { toTokenSummary, type TTokenSummary } from "./list-tokens";

/**
 * Creates an API token for the actor (admin+) with a role no higher than the actor's own
 * (403 otherwise). Returns the token value this once; only its sha256 is stored, and the
 * audit log records its name, prefix and role, never the value.
 */
export async function createToken(options: { actor: TActor; input: TTokenCreate }): Promise<TTokenSummary & { token: string }> {
  const actor = assertRole(options.actor, "admin");
  const { name, role } = options.input;
  if (!hasRole(actor.role, role)) {
    throw new AppError(
      "forbidden",
      `You cannot create a token with the ${role} role: a token may not have more rights than you (${actor.role}).`,
      {
        fields: [{ field: "role", message: `At most ${actor.role}` }],
      },
    );
  }
  const { id, token } = await issueApiToken({ orgId: actor.orgId, userId: actor.userId, name, role });
  const row = await db.apiToken.findUniqueOrThrow({ where: { id }, include: { user: { select: { email: true } } } });
  await recordAudit(db, {
    actor,
    action: "token.create",
    entity: "api_token",
    entityId: id,
    summary: `Created API token "${name}" (${row.prefix}…, ${role})`,
    after: { name, prefix: row.prefix, role },
  });
  return { ...toTokenSummary(row), token };
}
