import "server-only";
import { POP_PUBLISHED_SELECT } from "@/lib/server/pops/pop-select";
import type { TTx } from "@/lib/server/db";
import { renderPbk } from "@/lib/phonebook/render-pbk";
import { renderPbr } from "@/lib/phonebook/render-pbr";

/** Renders the phone book as it stands in the database: .pbk (in-service POPs) and .pbr. */
export async function renderCurrent(tx: TTx, phonebookId: string): Promise<{ pbk: string; pbr: string; popCount: number }> {
  const [regions, pops] = await Promise.all([
    tx.region.findMany({ where: { phonebookId }, select: { id: true, name: true, position: true } }),
    tx.pop.findMany({
      where: { phonebookId, inService: true },
      orderBy: { popIndex: "asc" },
      select: POP_PUBLISHED_SELECT,
    }),
  ]);
  return { pbk: renderPbk({ pops, regions }), pbr: renderPbr(regions), popCount: pops.length };
}
