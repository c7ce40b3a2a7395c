import "server-only";
import type { TTx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";

/** Most imports running at the same time in one organisation, across every app instance. */
export const MAX_IMPORTS_PER_ORG = 2;

/** The advisory lock keys of the claims (`hashtextextended(key, 0)`): the phone book's, then the organisation's slots. */
export function importSlotKeys(phonebook: { id: string; orgId: string }): { phonebook: string; org: string[] } {
  return {
    phonebook: `pba:import:phonebook:${phonebook.id}`,
    org: Array.from({ length: MAX_IMPORTS_PER_ORG }, (_, slot) => `pba:import:org:${phonebook.orgId}:${slot}`),
  };
}

async function tryLock(tx: TTx, key: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ isLocked: boolean }[]>`
    SELECT pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) AS "isLocked"`;
  return row?.isLocked === true;
}

/**
 * Claims, for the rest of transaction `tx`, the right to run an import into `phonebook`:
 * one import per phone book and `MAX_IMPORTS_PER_ORG` per organisation at a time. The claims
 * are PostgreSQL advisory locks, so they hold across app instances and end with the
 * transaction (commit, rollback, or a connection lost with its instance). Never waits: a
 * claim held elsewhere answers 409 at once.
 */
export async function claimImportSlot(tx: TTx, phonebook: { id: string; orgId: string; name: string }): Promise<void> {
  const keys = importSlotKeys(phonebook);
  if (!(await tryLock(tx, keys.phonebook))) {
    throw new AppError(
      "conflict",
      `Another import into ${phonebook.name} is running; nothing was imported. Try again when it has finished.`,
      { reason: "phonebook_import_running" },
    );
  }
  for (const key of keys.org) if (await tryLock(tx, key)) return;
  throw new AppError(
    "conflict",
    `${MAX_IMPORTS_PER_ORG} imports are already running in this organisation, the most at a time; nothing was imported. Try again when one has finished.`,
    { reason: "organisation_imports_running", limit: MAX_IMPORTS_PER_ORG },
  );
}
