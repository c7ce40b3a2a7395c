import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { phonebookIdFilter } from "@/lib/server/auth/token-rights";
import { db } from "@/lib/server/db";
import { ZDeliveryPolicy, type TDeliveryPolicy } from "@/lib/phonebook/artifact-names";

export type TPhonebookSummary = {
  name: string;
  description: string;
  currentVersion: number;
  /** "deltas" (default) or "full": what the PBS gives a client that is behind. */
  deliveryPolicy: TDeliveryPolicy;
  popCount: number;
  pendingChanges: number;
  createdAt: string;
  updatedAt: string;
};

/**
 * Phone books of the actor's organisation with POP counts and pending changes, by name; for
 * an API token limited to some phone books, those only.
 */
export async function listPhonebooks(actor: TActor): Promise<TPhonebookSummary[]> {
  const rows = await db.phonebook.findMany({
    where: { orgId: actor.orgId, id: phonebookIdFilter(actor) },
    orderBy: { nameKey: "asc" },
    include: { _count: { select: { pops: true, pendingChanges: true } } },
  });
  return rows.map((row) => ({
    name: row.name,
    description: row.description,
    currentVersion: row.currentVersion,
    deliveryPolicy: ZDeliveryPolicy.parse(row.deliveryPolicy),
    popCount: row._count.pops,
    pendingChanges: row._count.pendingChanges,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/** One phone book's summary (same shape as the list). */
export async function describePhonebook(phonebookId: string): Promise<TPhonebookSummary> {
  const row = await db.phonebook.findUniqueOrThrow({
    where: { id: phonebookId },
    include: { _count: { select: { pops: true, pendingChanges: true } } },
  });
  return {
    name: row.name,
    description: row.description,
    currentVersion: row.currentVersion,
    deliveryPolicy: ZDeliveryPolicy.parse(row.deliveryPolicy),
    popCount: row._count.pops,
    pendingChanges: row._count.pendingChanges,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
