import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { getLockedPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { assertChangeCapacity, markPending } from "@/lib/server/pops/pending-changes";

/**
 * Deletes a region (editor+). Its POPs fall back to "all regions" (region 0), and each
 * in-service one counts as a pending change. The other regions keep their positions; this
 * one's is free for the next new region (the `.pbr` writes a placeholder there meanwhile,
 * see lib/phonebook/region-positions.ts).
 */
export async function deleteRegion(options: { actor: TActor; phonebookName: string; regionId: string }): Promise<{ movedPops: number }> {
  const actor = assertRole(options.actor, "editor");
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    const region = await tx.region.findFirst({ where: { id: options.regionId, phonebookId: phonebook.id } });
    if (!region) throw notFound("Region");
    const pops = await tx.pop.findMany({ where: { regionId: region.id }, select: { popIndex: true, inService: true } });
    const indexes = pops.map((p) => p.popIndex);
    const pending = pops.filter((p) => p.inService).map((p) => p.popIndex);
    await assertChangeCapacity(tx, phonebook, pending);
    await tx.pop.updateMany({ where: { regionId: region.id }, data: { regionId: null } });
    await tx.region.delete({ where: { id: region.id } });
    await markPending(tx, phonebook.id, pending);
    await recordAudit(tx, {
      actor,
      action: "region.delete",
      entity: "region",
      entityId: region.id,
      phonebookId: phonebook.id,
      summary: `Deleted region ${region.name} from ${phonebook.name}; ${indexes.length} POP(s) now in all regions`,
      before: { name: region.name, position: region.position, pops: indexes.length },
    });
    return { movedPops: indexes.length };
  });
}
