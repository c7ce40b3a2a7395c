import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError, invalidInput } from "@/lib/server/errors";
import { checkCountryId } from "@/lib/phonebook/countries";
import { getLockedPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { resolveRegionRef } from "@/lib/server/regions/resolve-region";
import type { TPopCreate } from "@/lib/schemas/pop";
import { assertChangeCapacity, assertPopCapacity, markPending } from "./pending-changes";
import { popAuditView, toPopDto, type TPopDto } from "./pop-dto";

/**
 * Adds one POP (editor+). 409 when the POP index is taken; 400 for a country/region that is
 * no TAPI ID of the list; limits of SPEC §2 apply.
 */
export async function createPop(options: { actor: TActor; phonebookName: string; input: TPopCreate }): Promise<TPopDto> {
  const actor = assertRole(options.actor, "editor");
  const { input } = options;
  const country = checkCountryId(input.countryCode);
  if (!country.ok) throw invalidInput(`Invalid POP: ${country.message}`, [{ field: "countryCode", message: country.message }]);
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    const taken = await tx.pop.findUnique({ where: { phonebookId_popIndex: { phonebookId: phonebook.id, popIndex: input.popIndex } } });
    if (taken) {
      throw new AppError("conflict", `POP index ${input.popIndex} is already used in ${phonebook.name}`, {
        fields: [{ field: "popIndex", message: `POP index ${input.popIndex} is already used` }],
      });
    }
    await assertPopCapacity(tx, phonebook, 1);
    const pending = input.inService ? [input.popIndex] : [];
    await assertChangeCapacity(tx, phonebook, pending);
    const regionId = (await resolveRegionRef(tx, phonebook.id, input)) ?? null;
    const row = await tx.pop.create({
      data: {
        phonebookId: phonebook.id,
        popIndex: input.popIndex,
        countryCode: input.countryCode,
        regionId,
        name: input.name,
        areaCode: input.areaCode,
        accessNumber: input.accessNumber,
        minSpeed: input.minSpeed,
        maxSpeed: input.maxSpeed,
        flags: input.flags,
        dialupEntry: input.dialupEntry,
        inService: input.inService,
        comment: input.comment,
      },
      include: { region: { select: { name: true } } },
    });
    await markPending(tx, phonebook.id, pending);
    const dto = toPopDto(row);
    await recordAudit(tx, {
      actor,
      action: "pop.create",
      entity: "pop",
      entityId: String(row.popIndex),
      phonebookId: phonebook.id,
      summary: `Added POP ${row.popIndex} (${row.name || row.accessNumber}) to ${phonebook.name}`,
      after: popAuditView(dto),
    });
    return dto;
  });
}
