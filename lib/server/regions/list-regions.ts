import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { sortRegions } from "@/lib/phonebook/region-positions";

export type TRegionDto = { id: string; name: string; position: number; popCount: number };

/** Regions of a phone book by name, each with its fixed `.pbr` position. */
export async function listRegions(options: { actor: TActor; phonebookName: string }): Promise<TRegionDto[]> {
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const rows = await db.region.findMany({ where: { phonebookId: phonebook.id }, include: { _count: { select: { pops: true } } } });
  return sortRegions(rows).map((r) => ({ id: r.id, name: r.name, position: r.position, popCount: r._count.pops }));
}
