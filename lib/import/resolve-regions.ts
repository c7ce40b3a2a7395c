import type { TImportError, TImportRow } from "./types";

// Column of the region position in PBA's POP input format.
const REGION_POS_COLUMN = 3;

/** A region as the PBA format refers to it: its fixed `.pbr` position and its name. */
export type TPositionedRegion = { name: string; position: number };

function outOfRange(pos: number, highest: number): string {
  const range = highest === 0 ? "use 0 for all regions" : `use 1 to ${highest}, or 0 for all regions`;
  return `region position ${pos} is out of range: the phone book's .pbr has ${highest} position${highest === 1 ? "" : "s"} (${range})`;
}

/**
 * Turns the region positions of PBA-format rows into region names: position p is the
 * region whose fixed `.pbr` position is p, 0 is "all regions" (null). Rows without
 * `regionPos` pass unchanged. A position past the last region, or a free one (a deleted
 * region's), is an error and its row is left out.
 */
export function resolveRegionPositions(
  rows: readonly TImportRow[],
  regions: readonly TPositionedRegion[],
): { rows: TImportRow[]; errors: TImportError[] } {
  const byPosition = new Map(regions.map((r) => [r.position, r.name]));
  const highest = regions.reduce((max, r) => Math.max(max, r.position), 0);
  const resolved: TImportRow[] = [];
  const errors: TImportError[] = [];
  for (const row of rows) {
    const pos = row.regionPos;
    if (pos === undefined || row.action === "delete") {
      resolved.push(row);
      continue;
    }
    const region = pos === 0 ? null : byPosition.get(pos);
    if (region === undefined) {
      const message =
        pos > highest
          ? outOfRange(pos, highest)
          : `region position ${pos} is free (its region was deleted): use the position of an existing region, or 0 for all regions`;
      errors.push({ line: row.line, column: REGION_POS_COLUMN, field: "region", message });
      continue;
    }
    resolved.push({ ...row, region });
  }
  return { rows: resolved, errors };
}
