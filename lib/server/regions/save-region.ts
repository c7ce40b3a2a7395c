import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db, type TTx } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { getLockedPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import type { TRegionInput } from "@/lib/schemas/region";

import { regionKey } from "./region-key";

export { regionKey };

async function assertFree(tx: TTx, phonebookId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.region.findUnique({ where: { phonebookId_nameKey: { phonebookId, nameKey: regionKey(name) } } });
  if (clash && clash.id !== exceptId) {
    throw new AppError("conflict", `A region named "${clash.name}" already exists (names are case-insensitive)`, {
      fields: [{ field: "name", message: `Region "${clash.name}" already exists` }],
    });
  }
}

/**
 * Creates a region (editor+); names are unique per phone book, case-insensitively. It takes
 * the lowest free `.pbr` position (see lib/phonebook/region-positions.ts): no other region
 * moves, so no POP line changes and nothing becomes pending.
 */
export async function createRegion(options: { actor: TActor; phonebookName: string; input: TRegionInput }) {
  const actor = assertRole(options.actor, "editor");
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    await assertFree(tx, phonebook.id, options.input.name);
    const region = await tx.region.create({
      data: { phonebookId: phonebook.id, name: options.input.name, nameKey: regionKey(options.input.name) },
    });
    await recordAudit(tx, {
      actor,
      action: "region.create",
      entity: "region",
      entityId: region.id,
      phonebookId: phonebook.id,
      summary: `Added region ${region.name} to ${phonebook.name} at position ${region.position}`,
      after: { name: region.name, position: region.position },
    });
    return { id: region.id, name: region.name, position: region.position };
  });
}

/** Renames a region (editor+). It keeps its position: only the `.pbr` changes, no POP line. */
export async function renameRegion(options: { actor: TActor; phonebookName: string; regionId: string; input: TRegionInput }) {
  const actor = assertRole(options.actor, "editor");
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    const region = await tx.region.findFirst({ where: { id: options.regionId, phonebookId: phonebook.id } });
    if (!region) throw notFound("Region");
    await assertFree(tx, phonebook.id, options.input.name, region.id);
    const updated = await tx.region.update({
      where: { id: region.id },
      data: { name: options.input.name, nameKey: regionKey(options.input.name) },
    });
    await recordAudit(tx, {
      actor,
      action: "region.update",
      entity: "region",
      entityId: region.id,
      phonebookId: phonebook.id,
      summary: `Renamed region ${region.name} to ${updated.name} in ${phonebook.name}`,
      before: { name: region.name, position: region.position },
      after: { name: updated.name, position: updated.position },
    });
    return { id: updated.id, name: updated.name, position: updated.position };
  });
}
