"use server";

import { revalidatePath } from "next/cache";
import { ZPopIndex } from "@/lib/phonebook/pop-fields";
import { ZPopBulk, ZPopCreate, ZPopPatch } from "@/lib/schemas/pop";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { bulkUpdatePops } from "@/lib/server/pops/bulk-pops";
import { createPop } from "@/lib/server/pops/create-pop";
import type { TPopDto } from "@/lib/server/pops/pop-dto";
import { updatePop } from "@/lib/server/pops/update-pop";
import { parseInput } from "@/lib/server/validate";

const refresh = (name: string) => revalidatePath(`/phonebooks/${encodeURIComponent(name)}`, "layout");

export async function createPopAction(phonebookName: string, raw: unknown): Promise<TActionResult<TPopDto>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "editor");
    const pop = await createPop({ actor, phonebookName, input: parseInput(ZPopCreate, raw, "POP") });
    refresh(phonebookName);
    return pop;
  }, "POP added");
}

export async function updatePopAction(phonebookName: string, popIndex: number, raw: unknown): Promise<TActionResult<TPopDto>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "editor");
    // An action's arguments come from the browser as they are: bound the index like the API does.
    const index = parseInput(ZPopIndex, popIndex, "POP index");
    const pop = await updatePop({ actor, phonebookName, popIndex: index, patch: parseInput(ZPopPatch, raw, "POP") });
    refresh(phonebookName);
    return pop;
  }, "POP saved");
}

export async function bulkPopsAction(phonebookName: string, raw: unknown): Promise<TActionResult<{ affected: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "editor");
    const result = await bulkUpdatePops({ actor, phonebookName, input: parseInput(ZPopBulk, raw, "selection") });
    refresh(phonebookName);
    return result;
  });
}
