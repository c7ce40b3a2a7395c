import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { failureOutcome, recordImport } from "@/lib/server/metrics/app-metrics";
import { getLockedPhonebook, getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { affectsPublished, markPending, type TPublishedFields } from "@/lib/server/pops/pending-changes";
import { deletePopsBulk, upsertPopsBulk } from "@/lib/server/pops/write-pops-bulk";
import { regionKey } from "@/lib/server/regions/save-region";
import { DEFAULT_MAX_ERRORS } from "@/lib/import/parse-import";
import { planImport } from "@/lib/import/plan-import";
import { resolveRegionPositions } from "@/lib/import/resolve-regions";
import type { TImportColumn } from "@/lib/import/import-columns";
import type { TCurrentPop, TImportMode, TImportWarning } from "@/lib/import/types";
import { MAX_CHANGES_PUBLISHED, MAX_IMPORT_ROWS, MAX_IMPORT_UNPUBLISHED, MAX_POPS_PER_PHONEBOOK } from "@/lib/phonebook/limits";
import { claimImportSlot } from "./claim-import-slot";
import { checkParsed, rowErrors } from "./import-errors";
import { loadCurrentPops } from "./load-current-pops";
import { parseInWorker } from "./parse-in-worker";

export type TImportResult = {
  dryRun: boolean;
  mode: TImportMode;
  format: "csv" | "pba";
  rows: number;
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
  newRegions: string[];
  pendingAfter: number;
  /** What was normalised (area codes, text after an 11th comma), with line and column; at most 1,000. */
  warnings: TImportWarning[];
  totalWarnings: number;
};

const n = (x: number) => x.toLocaleString("en");

/**
 * Validates a CSV (or PBA POP input) file against the phone book and, unless `dryRun`,
 * applies it in one transaction under the phone book lock: every row is checked first and
 * any error (422) or limit (413) writes nothing. Limits of SPEC §2: 32,000 rows into a
 * never-published phone book; 6,000 changes (pending included) into a published one.
 * The transaction first claims the import slots (409 while another import runs into the
 * phone book, or two in the organisation), then the file is parsed in a worker thread that
 * stops past the row limit or 1,000 errors; only then is the phone book row locked.
 */
export async function runImport(options: TImportOptions): Promise<TImportResult> {
  const started = performance.now();
  try {
    const result = await importFile(options);
    recordImport(result.dryRun ? "dry_run" : "applied", started, options.data.length, result.rows);
    return result;
  } catch (error) {
    recordImport(failureOutcome(error), started, options.data.length);
    throw error;
  }
}

type TImportOptions = {
  actor: TActor;
  phonebookName: string;
  data: Uint8Array;
  mode: TImportMode;
  dryRun: boolean;
  fileName?: string;
  mapping?: Record<number, TImportColumn | null>;
};

async function importFile(options: TImportOptions): Promise<TImportResult> {
  const actor = assertRole(options.actor, "editor");
  const found = await getPhonebook(actor, options.phonebookName);
  const isPublishedBefore = found.currentVersion > 0;
  const rowLimit = isPublishedBefore ? MAX_IMPORT_ROWS : MAX_IMPORT_UNPUBLISHED;

  return db.$transaction(
    async (tx) => {
      await claimImportSlot(tx, found);
      const parsed = await parseInWorker(options.data, {
        mapping: options.mapping,
        maxRows: rowLimit,
        maxErrors: DEFAULT_MAX_ERRORS,
        stopAfterMaxErrors: true,
      });
      checkParsed(parsed, { rowLimit, isPublished: isPublishedBefore });
      const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
      if (phonebook.id !== found.id) {
        throw new AppError("conflict", `Phone book ${found.name} was renamed while the file was checked; nothing was imported. Try again.`);
      }
      const { current, regions } = await loadCurrentPops(tx, phonebook.id);
      let rows = parsed.rows;
      if (parsed.format === "pba") {
        const resolved = resolveRegionPositions(rows, regions);
        if (resolved.errors.length) throw rowErrors(resolved.errors, resolved.errors.length, null);
        rows = resolved.rows;
      }
      const isPublished = phonebook.currentVersion > 0;
      const plan = planImport({ rows, mode: options.mode, current, currentRegions: regions.map((r) => r.name) });
      if (plan.errors.length) throw rowErrors(plan.errors, plan.errors.length, null);

      // Pending changes are those that change the published files (SPEC §2's adds + edits +
      // deletes): a comment or an out-of-service POP's edit is saved but not counted.
      const view = (p: TCurrentPop): TPublishedFields => ({ ...p, region: p.region?.toLowerCase() ?? null });
      const currentByIndex = new Map(current.map((p) => [p.popIndex, p]));
      const pendingIndexes = [
        ...plan.adds.filter((p) => p.inService).map((p) => p.popIndex),
        ...plan.updates.filter((u) => affectsPublished(view(u.before), view(u.after))).map((u) => u.after.popIndex),
        ...plan.deletes.filter((i) => currentByIndex.get(i)?.inService),
      ];
      const changes = pendingIndexes.length;
      // One round trip with an array parameter (an IN list of 32,000 binds is slow).
      const [pending] = await tx.$queryRaw<{ before: number; already: number }[]>`
        SELECT count(*)::int AS before,
               count(*) FILTER (WHERE pop_index = ANY(${pendingIndexes}::int[]))::int AS already
        FROM pending_change WHERE phonebook_id = ${phonebook.id}::uuid`;
      const pendingBefore = pending?.before ?? 0;
      const pendingAfter = pendingBefore + pendingIndexes.length - (pending?.already ?? 0);
      if (isPublished && (changes > MAX_CHANGES_PUBLISHED || pendingAfter > MAX_CHANGES_PUBLISHED)) {
        throw new AppError(
          "too_large",
          `This import changes ${n(changes)} POPs; a published phone book accepts at most ${n(MAX_CHANGES_PUBLISHED)} changes per version (${n(pendingBefore)} pending${pendingAfter > changes ? `, ${n(pendingAfter)} after this import` : ""}). Publish first or split the file.`,
          { limit: MAX_CHANGES_PUBLISHED, changes, pending: pendingBefore, pendingAfter },
        );
      }
      const total = current.length + plan.counts.added - plan.counts.deleted;
      if (total > MAX_POPS_PER_PHONEBOOK) {
        throw new AppError(
          "too_large",
          `After this import ${phonebook.name} would hold ${n(total)} POPs; the limit is ${n(MAX_POPS_PER_PHONEBOOK)}`,
          {
            limit: MAX_POPS_PER_PHONEBOOK,
            total,
          },
        );
      }
      const result: TImportResult = {
        dryRun: options.dryRun,
        mode: options.mode,
        format: parsed.format,
        rows: rows.length,
        ...plan.counts,
        newRegions: plan.newRegions,
        pendingAfter,
        warnings: parsed.warnings,
        totalWarnings: parsed.totalWarnings,
      };
      if (options.dryRun) return result;

      // New regions take the lowest free positions (the region_positions trigger): no
      // existing region moves, so they add no pending change of their own.
      if (plan.newRegions.length) {
        await tx.region.createMany({
          data: plan.newRegions.map((name) => ({ phonebookId: phonebook.id, name, nameKey: regionKey(name) })),
        });
      }
      const regionIds = new Map(
        (await tx.region.findMany({ where: { phonebookId: phonebook.id }, select: { id: true, nameKey: true } })).map((r) => [
          r.nameKey,
          r.id,
        ]),
      );
      const withRegion = (p: (typeof plan.adds)[number]) => ({
        ...p,
        regionId: p.region ? (regionIds.get(regionKey(p.region)) ?? null) : null,
      });
      // Deletes first: a replace may free indexes that the same file adds back.
      await deletePopsBulk(tx, phonebook.id, plan.deletes);
      await upsertPopsBulk(
        tx,
        phonebook.id,
        plan.updates.map((u) => withRegion(u.after)),
        "update",
      );
      await upsertPopsBulk(tx, phonebook.id, plan.adds.map(withRegion), "insert");
      await markPending(tx, phonebook.id, pendingIndexes);
      await recordAudit(tx, {
        actor,
        action: "pop.import",
        entity: "import",
        entityId: options.fileName ?? "",
        phonebookId: phonebook.id,
        summary: `Imported ${options.fileName ?? "a file"} into ${phonebook.name} (${options.mode}): +${plan.counts.added} ~${plan.counts.updated} −${plan.counts.deleted}, ${plan.counts.unchanged} unchanged${plan.newRegions.length ? `, ${plan.newRegions.length} new region(s)` : ""}`,
        after: {
          fileName: options.fileName ?? null,
          ...result,
          warnings: result.warnings.slice(0, 100),
          changedIndexes: plan.changedIndexes.slice(0, 1000),
        },
      });
      return result;
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
}
