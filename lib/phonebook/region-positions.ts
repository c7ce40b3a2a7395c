import { PbkFormatError } from "./pbk-format-error";

/** A region as the renderers need it: a stable id and its name. */
export type TPbkRegion = { id: string; name: string };

/**
 * Order of regions in the .pbr **(convention)**: by name, case-insensitively (ASCII
 * lower-case, ordinal, so the result never depends on the server's locale), then by exact
 * name, then by id, so the order is fully deterministic.
 */
export function compareRegions(a: TPbkRegion, b: TPbkRegion): number {
  const al = a.name.toLowerCase();
  const bl = b.name.toLowerCase();
  if (al !== bl) return al < bl ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** Regions in .pbr order (a sorted copy). */
export function sortRegions(regions: readonly TPbkRegion[]): TPbkRegion[] {
  return [...regions].sort(compareRegions);
}

/**
 * 1-based position of each region id in the .pbr, as written in the POP lines' regionPos
 * field. Throws {@link PbkFormatError} on a duplicate id.
 */
export function regionPositions(regions: readonly TPbkRegion[]): Map<string, number> {
  const positions = new Map<string, number>();
  sortRegions(regions).forEach((region, i) => {
    if (positions.has(region.id)) throw new PbkFormatError(`Region id "${region.id}" appears twice`);
    positions.set(region.id, i + 1);
  });
  return positions;
}
