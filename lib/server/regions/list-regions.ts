import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { regionPositions } from "@/lib/phonebook/region-positions";

export type TRegionDto = { id: string; name: string; position: number; popCount: number };

/** Regions of a phone book in `.pbr` order, with the position they will have when published. */
export async function listRegions(options: { actor: TActor; phonebookName: string }): Promise<TRegionDto[]> {
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const rows = await db.region.findMany({ where: { phonebookId: phonebook.id }, include: { _count: { select: { pops: true } } } });
  const positions = regionPositions(rows.map((r) => ({ id: r.id, name: r.name })));
  return rows
    .map((r) => ({ id: r.id, name: r.name, position: positions.get(r.id) ?? 0, popCount: r._count.pops }))
    .sort((a, b) => a.position - b.position);
}
