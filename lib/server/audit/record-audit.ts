import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { actorLabel } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type TAuditInput = {
  actor: TActor;
  action: string;
  entity: string;
  entityId?: string;
  phonebookId?: string | null;
  summary?: string;
  before?: unknown;
  after?: unknown;
};

const toJson = (value: unknown): Prisma.InputJsonValue | undefined =>
  value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

/** Records who changed what, with before/after, inside the caller's transaction. */
export async function recordAudit(tx: TTx, input: TAuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      orgId: input.actor.orgId,
      actorId: input.actor.userId,
      actorLabel: actorLabel(input.actor),
      phonebookId: input.phonebookId ?? null,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId ?? "",
      summary: input.summary ?? "",
      before: toJson(input.before),
      after: toJson(input.after),
    },
  });
}

/** Records a security event of no signed-in actor (e.g. sign-in delays) in each given organisation. */
export async function recordSystemAudit(
  tx: TTx,
  input: { orgIds: string[]; actorLabel: string; action: string; entity: string; entityId?: string; summary: string; after?: unknown },
): Promise<void> {
  if (input.orgIds.length === 0) return;
  await tx.auditEvent.createMany({
    data: input.orgIds.map((orgId) => ({
      orgId,
      actorId: null,
      actorLabel: input.actorLabel,
      action: input.action,
      entity: input.entity,
      entityId: input.entityId ?? "",
      summary: input.summary,
      after: toJson(input.after),
    })),
  });
}
