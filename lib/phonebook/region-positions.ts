import { PbkFormatError } from "./pbk-format-error";

/**
 * A region as the renderers need it: a stable id, its name and its 1-based `.pbr` position.
 * The position is fixed when the region is created (the lowest free one, see the migration
 * region_positions) and never changes afterwards, so no region edit renumbers the POP lines
 * of another region.
 */
export type TPbkRegion = { id: string; name: string; position: number };

/**
 * Order in which regions are *listed* (pages, grid): by name, case-insensitively (ASCII
 * lower-case, ordinal, so the result never depends on the server's locale), then by exact
 * name, then by id. It does not decide the `.pbr` order: positions do.
 */
export function compareRegions(a: Pick<TPbkRegion, "id" | "name">, b: Pick<TPbkRegion, "id" | "name">): number {
  const al = a.name.toLowerCase();
  const bl = b.name.toLowerCase();
  if (al !== bl) return al < bl ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** Regions in listing order (a sorted copy), see {@link compareRegions}. */
export function sortRegions<T extends Pick<TPbkRegion, "id" | "name">>(regions: readonly T[]): T[] {
  return [...regions].sort(compareRegions);
}

/**
 * Position of each region id, as written in the POP lines' regionPos field. Throws
 * {@link PbkFormatError} on a duplicate id or position, or a position that is not a whole
 * number from 1.
 */
export function regionPositions(regions: readonly TPbkRegion[]): Map<string, number> {
  const positions = new Map<string, number>();
  const taken = new Set<number>();
  for (const region of regions) {
    if (positions.has(region.id)) throw new PbkFormatError(`Region id "${region.id}" appears twice`);
    if (!Number.isSafeInteger(region.position) || region.position < 1) {
      throw new PbkFormatError(`Region "${region.name}" has position ${region.position}; positions are whole numbers from 1`);
    }
    if (taken.has(region.position)) throw new PbkFormatError(`Two regions have position ${region.position}`);
    taken.add(region.position);
    positions.set(region.id, region.position);
  }
  return positions;
}

/** Placeholder written for a free `.pbr` position, see {@link pbrLines}. */
export const FREE_POSITION_NAME = "(unused)";

/**
 * The `.pbr` lines after the count, one per position from 1 to the highest position in use.
 * The single place that decides how a *free* position (a deleted region's, not yet taken by
 * a new region) is written. The choice:
 * - a line is kept there, since regions are never renumbered: the lines after it must stay
 *   where the POP lines point;
 * - it holds the neutral placeholder {@link FREE_POSITION_NAME}, "(unused)": never the
 *   deleted region's old name, which would show clients a region that no longer exists, and
 *   never an empty line, which a reader that skips blank lines would drop, moving every later
 *   region up by one. No POP points at it (deleting a region moves its POPs to "all
 *   regions"), and no region may take the name (`validateRegionName`), so it cannot be
 *   mistaken for a real one;
 * - free positions past the highest one in use are not written: the count on the first line
 *   is the highest position in use.
 * The next new region takes the lowest free position (the trigger of migration
 * region_positions), so placeholders do not pile up.
 */
export function pbrLines(regions: readonly TPbkRegion[]): string[] {
  regionPositions(regions);
  const highest = regions.reduce((max, region) => Math.max(max, region.position), 0);
  const lines: string[] = Array.from({ length: highest }, () => FREE_POSITION_NAME);
  for (const region of regions) lines[region.position - 1] = region.name;
  return lines;
}

/** True for a name no region may take because the `.pbr` uses it for free positions. */
export function isReservedRegionName(name: string): boolean {
  return name.trim().toLowerCase() === FREE_POSITION_NAME;
}
