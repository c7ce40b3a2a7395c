import "server-only";
import { POP_PUBLISHED_SELECT } from "@/lib/server/pops/pop-select";
import type { TTx } from "@/lib/server/db";
import type { TCurrentPop } from "@/lib/import/types";

/** Every POP of a phone book with its region name, and its regions with their positions. */
export async function loadCurrentPops(tx: TTx, phonebookId: string) {
  const [regions, pops] = await Promise.all([
    tx.region.findMany({ where: { phonebookId }, select: { id: true, name: true, position: true }, orderBy: { position: "asc" } }),
    tx.pop.findMany({
      where: { phonebookId },
      select: { ...POP_PUBLISHED_SELECT, comment: true },
      orderBy: { popIndex: "asc" },
    }),
  ]);
  const names = new Map(regions.map((r) => [r.id, r.name]));
  const current: TCurrentPop[] = pops.map(({ regionId, ...p }) => ({ ...p, region: regionId ? (names.get(regionId) ?? null) : null }));
  return { current, regions };
}
