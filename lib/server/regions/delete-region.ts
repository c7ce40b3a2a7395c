import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { getLockedPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { assertChangeCapacity, markPending } from "@/lib/server/pops/pending-changes";
import { renumberedPops } from "./renumbered-pops";

/**
 * Deletes a region (editor+). Its POPs fall back to "all regions" (region 0), and each
 * of them counts as a pending change.
 */
export async function deleteRegion(options: { actor: TActor; phonebookName: string; regionId: string }): Promise<{ movedPops: number }> {
  const actor = assertRole(options.actor, "editor");
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    const region = await tx.region.findFirst({ where: { id: options.regionId, phonebookId: phonebook.id } });
    if (!region) throw notFound("Region");
    const pops = await tx.pop.findMany({ where: { regionId: region.id }, select: { popIndex: true, inService: true } });
    const indexes = pops.map((p) => p.popIndex);
    // Its own POPs move to "all regions"; the regions after it move up one position.
    const regions = await tx.region.findMany({ where: { phonebookId: phonebook.id }, select: { id: true, name: true } });
    const shifted = await renumberedPops(
      tx,
      phonebook.id,
      regions,
      regions.filter((r) => r.id !== region.id),
    );
    const pending = [...pops.filter((p) => p.inService).map((p) => p.popIndex), ...shifted];
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
      before: { name: region.name, pops: indexes.length },
    });
    return { movedPops: indexes.length };
  });
}
