import "server-only";
import type { TTx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { MAX_CHANGES_PUBLISHED, MAX_POPS_PER_PHONEBOOK } from "@/lib/phonebook/limits";

type TPhonebookRef = { id: string; name: string; currentVersion: number };

/**
 * Records POP indexes as changed since the last publish (idempotent). An index a building
 * version carries is released from it: this edit is not in that version, so it stays
 * pending after the version is activated.
 */
export async function markPending(tx: TTx, phonebookId: string, popIndexes: number[]): Promise<void> {
  if (popIndexes.length === 0) return;
  // One statement whatever the count (an import marks up to 32,000 indexes).
  await tx.$executeRaw`
    INSERT INTO pending_change (phonebook_id, pop_index)
    SELECT DISTINCT ${phonebookId}::uuid, i FROM unnest(${popIndexes}::int[]) AS i
    ON CONFLICT (phonebook_id, pop_index) DO UPDATE SET version_id = NULL
    WHERE pending_change.version_id IS NOT NULL`;
}

/**
 * Refuses a change that would take a published phone book over 6,000 pending changes
 * (SPEC §2). Indexes already pending do not count twice.
 */
export async function assertChangeCapacity(tx: TTx, phonebook: TPhonebookRef, popIndexes: number[]): Promise<void> {
  if (phonebook.currentVersion === 0 || popIndexes.length === 0) return;
  const pending = await tx.pendingChange.count({ where: { phonebookId: phonebook.id } });
  const already = await tx.pendingChange.count({ where: { phonebookId: phonebook.id, popIndex: { in: popIndexes } } });
  const after = pending + popIndexes.length - already;
  if (after > MAX_CHANGES_PUBLISHED) {
    throw new AppError(
      "too_large",
      `This would make ${after.toLocaleString("en")} pending changes in ${phonebook.name}; a published phone book accepts at most ${MAX_CHANGES_PUBLISHED.toLocaleString("en")} changes per version (${pending.toLocaleString("en")} pending). Publish first.`,
      { limit: MAX_CHANGES_PUBLISHED, pending, requested: popIndexes.length },
    );
  }
}

/** Refuses adding POPs beyond 65,000 in one phone book. */
export async function assertPopCapacity(tx: TTx, phonebook: TPhonebookRef, adding: number): Promise<void> {
  const count = await tx.pop.count({ where: { phonebookId: phonebook.id } });
  if (count + adding > MAX_POPS_PER_PHONEBOOK) {
    throw new AppError(
      "too_large",
      `Phone book ${phonebook.name} holds ${count.toLocaleString("en")} POPs; adding ${adding.toLocaleString("en")} would pass the limit of ${MAX_POPS_PER_PHONEBOOK.toLocaleString("en")}`,
      { limit: MAX_POPS_PER_PHONEBOOK, count, adding },
    );
  }
}

/** The fields of a POP that reach the published .pbk; region is an id or a lower-cased name. */
export type TPublishedFields = {
  inService: boolean;
  countryCode: number;
  region: string | null;
  name: string;
  areaCode: string;
  accessNumber: string;
  minSpeed: number | null;
  maxSpeed: number | null;
  flags: number;
  dialupEntry: string;
};

const publishedKey = (p: TPublishedFields | null): string | null =>
  p && p.inService
    ? JSON.stringify([p.countryCode, p.region, p.name, p.areaCode, p.accessNumber, p.minSpeed, p.maxSpeed, p.flags, p.dialupEntry])
    : null;

/**
 * True when going from `before` to `after` (null = absent) changes what a publish writes.
 * Comments and edits of out-of-service POPs do not: they are not pending changes, so they
 * neither count against the 6,000 limit nor leave a phone book "pending" that has nothing
 * to publish.
 */
export function affectsPublished(before: TPublishedFields | null, after: TPublishedFields | null): boolean {
  return publishedKey(before) !== publishedKey(after);
}
