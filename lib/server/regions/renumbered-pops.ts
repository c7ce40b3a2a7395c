import "server-only";
import type { TTx } from "@/lib/server/db";
import { regionPositions, type TPbkRegion } from "@/lib/phonebook/region-positions";

/**
 * In-service POPs whose region changes position in the .pbr when the region list goes from
 * `before` to `after` (regions are numbered by name): their published lines change, so they
 * are pending changes like any edit. Regions only in `after` have no POPs yet.
 */
export async function renumberedPops(
  tx: TTx,
  phonebookId: string,
  before: readonly TPbkRegion[],
  after: readonly TPbkRegion[],
): Promise<number[]> {
  const was = regionPositions(before);
  const now = regionPositions(after);
  const moved = [...now.entries()].filter(([id, pos]) => was.has(id) && was.get(id) !== pos).map(([id]) => id);
  if (moved.length === 0) return [];
  const pops = await tx.pop.findMany({ where: { phonebookId, inService: true, regionId: { in: moved } }, select: { popIndex: true } });
  return pops.map((p) => p.popIndex);
}
