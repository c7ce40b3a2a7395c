"use server";

import { revalidatePath } from "next/cache";
import { formText } from "@/lib/form-text";
import { ZPhonebookCreate, ZPhonebookPatch } from "@/lib/schemas/phonebook";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { getSessionActor, assertRole } from "@/lib/server/auth/get-actor";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { deletePhonebook } from "@/lib/server/phonebooks/delete-phonebook";
import { updatePhonebook } from "@/lib/server/phonebooks/update-phonebook";
import { parseInput } from "@/lib/server/validate";

/** The create form's state: after a refusal it carries what was typed, so nothing is lost. */
export type TCreatePhonebookState = TActionResult<{ name: string }> & { values: { name: string; description: string } };

export async function createPhonebookAction(_prev: unknown, form: FormData): Promise<TCreatePhonebookState> {
  const values = { name: formText(form, "name"), description: formText(form, "description") };
  const result = await runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const input = parseInput(ZPhonebookCreate, values, "phone book");
    const created = await createPhonebook({ actor, input });
    revalidatePath("/phonebooks");
    return { name: created.name };
  }, "Phone book created");
  return { ...result, values };
}

export async function updatePhonebookAction(
  name: string,
  patchInput: { name?: string; description?: string },
): Promise<TActionResult<{ name: string }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const patch = parseInput(ZPhonebookPatch, patchInput, "phone book");
    const updated = await updatePhonebook({ actor, name, patch });
    revalidatePath("/phonebooks");
    return { name: updated.name };
  }, "Saved");
}

export async function deletePhonebookAction(
  name: string,
  purge: boolean,
): Promise<TActionResult<{ deletedPops: number; purgedFiles: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const result = await deletePhonebook({ actor, name, purge: purge === true });
    revalidatePath("/phonebooks");
    return result;
  }, "Deleted");
}
