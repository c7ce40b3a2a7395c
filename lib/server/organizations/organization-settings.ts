import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";

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
