import type { TPopFields } from "@/lib/phonebook";
import type { TCurrentPop, TImportError, TImportMode, TImportPlan, TImportRow, TPopFieldKey, TPopWithRegion } from "./types";

/** Input of {@link planImport}. */
export type TPlanImportOptions = {
  /** Valid rows (region positions already resolved for the PBA format). */
  rows: readonly TImportRow[];
  mode: TImportMode;
  /** Every POP of the phone book now. */
  current: readonly TCurrentPop[];
  /** Names of the phone book's regions now. */
  currentRegions: readonly string[];
};

const FIELD_KEYS: readonly TPopFieldKey[] = [
  "popIndex",
  "countryCode",
  "name",
  "areaCode",
  "accessNumber",
  "minSpeed",
  "maxSpeed",
  "flags",
  "dialupEntry",
  "inService",
  "comment",
];

function copyField<K extends TPopFieldKey>(target: TPopFields, source: TPopFields, key: K): void {
  target[key] = source[key];
}

function isSamePop(a: TCurrentPop, b: TCurrentPop): boolean {
  if (!FIELD_KEYS.every((key) => a[key] === b[key])) return false;
  return (a.region?.toLowerCase() ?? null) === (b.region?.toLowerCase() ?? null);
}

function rowError(row: TImportRow, message: string): TImportError {
  return { line: row.line, column: 0, field: "", message };
}

const byIndex = (a: { popIndex: number }, b: { popIndex: number }) => a.popIndex - b.popIndex;

/**
 * Compares import rows with the phone book and plans the changes (SPEC §6). `merge`:
 * rows without an action add or update, `add` of an existing index and `edit`/`delete` of
 * a missing one are row errors, `delete` removes. `replace`: the same, and every POP
 * absent from the file is deleted. A row equal to its POP (region compared
 * case-insensitively) is unchanged; a missing region column or field column keeps the
 * current value. A country/region that is no TAPI ID is an error unless the POP already
 * holds it. Region names are folded to the existing spelling, or to the first
 * spelling in the file for the new regions the import creates. Lists are sorted by index.
 */
export function planImport({ rows, mode, current, currentRegions }: TPlanImportOptions): TImportPlan {
  const currentByIndex = new Map<number, TCurrentPop>();
  for (const pop of current) currentByIndex.set(pop.popIndex, pop);
  const spelling = new Map<string, string>();
  for (const name of currentRegions) if (!spelling.has(name.toLowerCase())) spelling.set(name.toLowerCase(), name);

  const plan: TImportPlan = {
    adds: [],
    updates: [],
    deletes: [],
    unchanged: 0,
    newRegions: [],
    errors: [],
    counts: { added: 0, updated: 0, deleted: 0, unchanged: 0 },
    changedIndexes: [],
  };
  const noteRegion = (name: string | null): void => {
    if (name !== null && !spelling.has(name.toLowerCase())) {
      spelling.set(name.toLowerCase(), name);
      plan.newRegions.push(name);
    }
  };
  const seen = new Set<number>();
  for (const row of rows) {
    const index = row.popIndex;
    if (seen.has(index)) {
      plan.errors.push(rowError(row, `POP index ${index} appears more than once in the file`));
      continue;
    }
    seen.add(index);
    const before = currentByIndex.get(index);
    if (row.action === "delete") {
      if (before) plan.deletes.push(index);
      else plan.errors.push(rowError(row, `POP index ${index} does not exist, so it cannot be deleted`));
      continue;
    }
    if (!row.fields) {
      plan.errors.push(rowError(row, `the row for POP index ${index} has no fields`));
      continue;
    }
    if (row.action === "add" && before) {
      plan.errors.push(rowError(row, `POP index ${index} already exists: use edit, or leave the action empty to add or update`));
      continue;
    }
    if (row.action === "edit" && !before) {
      plan.errors.push(rowError(row, `POP index ${index} does not exist: use add, or leave the action empty to add or update`));
      continue;
    }
    const fields: TPopFields = { ...row.fields };
    if (before) for (const key of row.keepFields ?? []) copyField(fields, before, key);
    if (fields.minSpeed !== null && fields.maxSpeed !== null && fields.minSpeed > fields.maxSpeed) {
      plan.errors.push(rowError(row, `Maximum speed (${fields.maxSpeed}) must be at least the minimum speed (${fields.minSpeed})`));
      continue;
    }
    // A country/region outside the TAPI list only where the POP already holds it.
    if (row.unknownCountry && fields.countryCode !== before?.countryCode) {
      plan.errors.push(row.unknownCountry);
      continue;
    }
    const region = row.region === undefined ? (before?.region ?? null) : row.region;
    const after: TPopWithRegion = { ...fields, region: region === null ? null : (spelling.get(region.toLowerCase()) ?? region) };
    if (before && isSamePop(before, after)) {
      plan.unchanged++;
      continue;
    }
    noteRegion(after.region);
    if (before) plan.updates.push({ before, after });
    else plan.adds.push(after);
  }
  if (mode === "replace") {
    for (const pop of current) if (!seen.has(pop.popIndex)) plan.deletes.push(pop.popIndex);
  }

  plan.adds.sort(byIndex);
  plan.updates.sort((a, b) => a.after.popIndex - b.after.popIndex);
  plan.deletes.sort((a, b) => a - b);
  plan.errors.sort((a, b) => a.line - b.line);
  plan.counts = { added: plan.adds.length, updated: plan.updates.length, deleted: plan.deletes.length, unchanged: plan.unchanged };
  plan.changedIndexes = [...plan.adds.map((pop) => pop.popIndex), ...plan.updates.map((u) => u.after.popIndex), ...plan.deletes].sort(
    (a, b) => a - b,
  );
  return plan;
}
