import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError, invalidInput, notFound } from "@/lib/server/errors";
import { getLockedPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { resolveRegionRef } from "@/lib/server/regions/resolve-region";
import { checkCountryId } from "@/lib/phonebook/countries";
import type { TPopPatch } from "@/lib/schemas/pop";
import { affectsPublished, assertChangeCapacity, markPending, type TPublishedFields } from "./pending-changes";
import { popAuditView, toPopDto, type TPopDto } from "./pop-dto";

/**
 * Edits one POP (editor+). Changing its index counts as removing the old index and adding
 * the new one. Speeds are checked against the merged result (min ≤ max). A new country/region
 * must be a TAPI ID of the list; the one the POP holds is kept even when it is not.
 */
export async function updatePop(options: { actor: TActor; phonebookName: string; popIndex: number; patch: TPopPatch }): Promise<TPopDto> {
  const actor = assertRole(options.actor, "editor");
  const { patch } = options;
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    const current = await tx.pop.findUnique({
      where: { phonebookId_popIndex: { phonebookId: phonebook.id, popIndex: options.popIndex } },
      include: { region: { select: { name: true } } },
    });
    if (!current) throw notFound(`POP ${options.popIndex} in ${phonebook.name}`);
    const newIndex = patch.popIndex ?? current.popIndex;
    if (newIndex !== current.popIndex) {
      const taken = await tx.pop.findUnique({ where: { phonebookId_popIndex: { phonebookId: phonebook.id, popIndex: newIndex } } });
      if (taken) {
        throw new AppError("conflict", `POP index ${newIndex} is already used in ${phonebook.name}`, {
          fields: [{ field: "popIndex", message: `POP index ${newIndex} is already used` }],
        });
      }
    }
    // A POP keeps a stored ID outside the TAPI list until its country is changed.
    if (patch.countryCode !== undefined) {
      const country = checkCountryId(patch.countryCode, { current: current.countryCode });
      if (!country.ok) throw invalidInput(`Invalid POP: ${country.message}`, [{ field: "countryCode", message: country.message }]);
    }
    const minSpeed = patch.minSpeed !== undefined ? patch.minSpeed : current.minSpeed;
    const maxSpeed = patch.maxSpeed !== undefined ? patch.maxSpeed : current.maxSpeed;
    if (minSpeed !== null && maxSpeed !== null && minSpeed > maxSpeed) {
      throw invalidInput("Invalid POP: maximum speed is below the minimum speed", [
        { field: "maxSpeed", message: `Maximum speed (${maxSpeed}) must be at least the minimum speed (${minSpeed})` },
      ]);
    }
    const regionId = await resolveRegionRef(tx, phonebook.id, patch);
    const publishedBefore: TPublishedFields = { ...current, region: current.regionId };
    const after: TPublishedFields = {
      inService: patch.inService ?? current.inService,
      countryCode: patch.countryCode ?? current.countryCode,
      region: regionId !== undefined ? regionId : current.regionId,
      name: patch.name ?? current.name,
      areaCode: patch.areaCode ?? current.areaCode,
      accessNumber: patch.accessNumber ?? current.accessNumber,
      minSpeed,
      maxSpeed,
      flags: patch.flags ?? current.flags,
      dialupEntry: patch.dialupEntry ?? current.dialupEntry,
    };
    // A new index removes the old one and adds the new one; otherwise only a change of what
    // is published counts (not a comment, not an edit of an out-of-service POP).
    const touched =
      newIndex !== current.popIndex
        ? [current.popIndex, newIndex].filter((_, i) => (i === 0 ? current.inService : after.inService))
        : affectsPublished(publishedBefore, after)
          ? [current.popIndex]
          : [];
    await assertChangeCapacity(tx, phonebook, touched);
    const row = await tx.pop.update({
      where: { id: current.id },
      data: {
        popIndex: newIndex,
        countryCode: patch.countryCode,
        regionId,
        name: patch.name,
        areaCode: patch.areaCode,
        accessNumber: patch.accessNumber,
        minSpeed: patch.minSpeed,
        maxSpeed: patch.maxSpeed,
        flags: patch.flags,
        dialupEntry: patch.dialupEntry,
        inService: patch.inService,
        comment: patch.comment,
      },
      include: { region: { select: { name: true } } },
    });
    await markPending(tx, phonebook.id, touched);
    const before = popAuditView(toPopDto(current));
    const dto = toPopDto(row);
    await recordAudit(tx, {
      actor,
      action: "pop.update",
      entity: "pop",
      entityId: String(row.popIndex),
      phonebookId: phonebook.id,
      summary: `Edited POP ${current.popIndex}${newIndex !== current.popIndex ? ` (now ${newIndex})` : ""} in ${phonebook.name}`,
      before,
      after: popAuditView(dto),
    });
    return dto;
  });
}
