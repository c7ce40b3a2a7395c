import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db, type TTx } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { getLockedPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { assertChangeCapacity, markPending } from "@/lib/server/pops/pending-changes";
import type { TRegionInput } from "@/lib/schemas/region";
import { renumberedPops } from "./renumbered-pops";

export const regionKey = (name: string): string => name.trim().toLowerCase();

const regionsOf = (tx: TTx, phonebookId: string) => tx.region.findMany({ where: { phonebookId }, select: { id: true, name: true } });

async function assertFree(tx: TTx, phonebookId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.region.findUnique({ where: { phonebookId_nameKey: { phonebookId, nameKey: regionKey(name) } } });
  if (clash && clash.id !== exceptId) {
    throw new AppError("conflict", `A region named "${clash.name}" already exists (names are case-insensitive)`, {
      fields: [{ field: "name", message: `Region "${clash.name}" already exists` }],
    });
  }
}

/** Creates a region (editor+); names are unique per phone book, case-insensitively. */
export async function createRegion(options: { actor: TActor; phonebookName: string; input: TRegionInput }) {
  const actor = assertRole(options.actor, "editor");
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    await assertFree(tx, phonebook.id, options.input.name);
    // A new name shifts the .pbr positions of the regions after it: their POPs are pending.
    const before = await regionsOf(tx, phonebook.id);
    const pending = await renumberedPops(tx, phonebook.id, before, [...before, { id: "(new)", name: options.input.name }]);
    await assertChangeCapacity(tx, phonebook, pending);
    const region = await tx.region.create({
      data: { phonebookId: phonebook.id, name: options.input.name, nameKey: regionKey(options.input.name) },
    });
    await markPending(tx, phonebook.id, pending);
    await recordAudit(tx, {
      actor,
      action: "region.create",
      entity: "region",
      entityId: region.id,
      phonebookId: phonebook.id,
      summary: `Added region ${region.name} to ${phonebook.name}`,
      after: { name: region.name },
    });
    return { id: region.id, name: region.name };
  });
}

/** Renames a region (editor+). Its POPs follow; POPs of regions whose .pbr position shifts become pending. */
export async function renameRegion(options: { actor: TActor; phonebookName: string; regionId: string; input: TRegionInput }) {
  const actor = assertRole(options.actor, "editor");
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    const region = await tx.region.findFirst({ where: { id: options.regionId, phonebookId: phonebook.id } });
    if (!region) throw notFound("Region");
    await assertFree(tx, phonebook.id, options.input.name, region.id);
    const before = await regionsOf(tx, phonebook.id);
    const after = before.map((r) => (r.id === region.id ? { id: r.id, name: options.input.name } : r));
    const pending = await renumberedPops(tx, phonebook.id, before, after);
    await assertChangeCapacity(tx, phonebook, pending);
    const updated = await tx.region.update({
      where: { id: region.id },
      data: { name: options.input.name, nameKey: regionKey(options.input.name) },
    });
    await markPending(tx, phonebook.id, pending);
    await recordAudit(tx, {
      actor,
      action: "region.update",
      entity: "region",
      entityId: region.id,
      phonebookId: phonebook.id,
      summary: `Renamed region ${region.name} to ${updated.name} in ${phonebook.name}`,
      before: { name: region.name },
      after: { name: updated.name },
    });
    return { id: updated.id, name: updated.name };
  });
}
