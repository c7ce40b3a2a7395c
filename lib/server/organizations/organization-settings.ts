import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";

/** The actor's organisation with its counts, and every organisation the user belongs to. */
export async function describeOrganization(actor: TActor) {
  const [org, memberships] = await Promise.all([
    db.organization.findUniqueOrThrow({
      where: { id: actor.orgId },
      include: { _count: { select: { phonebooks: true, memberships: true, apiTokens: true } } },
    }),
    db.membership.findMany({ where: { userId: actor.userId }, include: { org: true }, orderBy: { org: { name: "asc" } } }),
  ]);
  return {
    name: org.name,
    slug: org.slug,
    require2fa: org.require2fa,
    createdAt: org.createdAt.toISOString(),
    phonebooks: org._count.phonebooks,
    members: org._count.memberships,
    tokens: org._count.apiTokens,
    mine: memberships.map((m) => ({ id: m.orgId, name: m.org.name, slug: m.org.slug, role: m.role, isCurrent: m.orgId === actor.orgId })),
  };
}

/** Renames the organisation (owner only); its slug, used in URLs and storage keys, stays. */
export async function renameOrganization(options: { actor: TActor; name: string }): Promise<void> {
  const actor = assertRole(options.actor, "owner");
  await db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: actor.orgId } });
    await tx.organization.update({ where: { id: actor.orgId }, data: { name: options.name } });
    await recordAudit(tx, {
      actor,
      action: "organization.update",
      entity: "organization",
      entityId: actor.orgId,
      summary: `Renamed the organisation ${before.name} to ${options.name}`,
      before: { name: before.name },
      after: { name: options.name },
    });
  });
}

/**
 * Turns "members need two-factor authentication" on or off (owner only). The owner must
 * have 2FA on first, so nobody locks themselves out of the settings.
 */
export async function setRequireTwoFactor(options: { actor: TActor; required: boolean }): Promise<{ withoutTwoFactor: number }> {
  const actor = assertRole(options.actor, "owner");
  const me = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpEnabledAt: true } });
  if (options.required && !me.totpEnabledAt) {
    throw new AppError("conflict", "Turn on two-factor authentication for your own account first (Account page), then require it.");
  }
  return db.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: actor.orgId }, data: { require2fa: options.required } });
    const withoutTwoFactor = await tx.membership.count({ where: { orgId: actor.orgId, user: { totpEnabledAt: null } } });
    await recordAudit(tx, {
      actor,
      action: "organization.2fa",
      entity: "organization",
      entityId: actor.orgId,
      summary: options.required
        ? `Required two-factor authentication for every member (${withoutTwoFactor} must turn it on before they can work)`
        : "No longer requires two-factor authentication",
      after: { require2fa: options.required, withoutTwoFactor },
    });
    return { withoutTwoFactor };
  });
}
