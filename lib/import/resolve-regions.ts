import type { TImportError, TImportRow } from "./types";

// Column of the region position in PBA's POP input format.
const REGION_POS_COLUMN = 3;

/**
 * Turns the region positions of PBA-format rows into region names: position p (1-based)
 * is `regionsInPbrOrder[p - 1]`, 0 is "all regions" (null). Rows without `regionPos` pass
 * unchanged. A position past the last region is an error and its row is left out.
 */
export function resolveRegionPositions(
  rows: readonly TImportRow[],
  regionsInPbrOrder: readonly string[],
): { rows: TImportRow[]; errors: TImportError[] } {
  const resolved: TImportRow[] = [];
  const errors: TImportError[] = [];
  const count = regionsInPbrOrder.length;
  for (const row of rows) {
    const pos = row.regionPos;
    if (pos === undefined || row.action === "delete") {
      resolved.push(row);
      continue;
    }
    const region = pos === 0 ? null : regionsInPbrOrder[pos - 1];
    if (region === undefined) {
      const range = count === 0 ? "use 0 for all regions" : `use 1 to ${count}, or 0 for all regions`;
      errors.push({
        line: row.line,
        column: REGION_POS_COLUMN,
        field: "region",
        message: `region position ${pos} is out of range: the phone book has ${count} region${count === 1 ? "" : "s"} (${range})`,
      });
      continue;
    }
    resolved.push({ ...row, region });
  }
  return { rows: resolved, errors };
}
