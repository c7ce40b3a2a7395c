"use server";

import { revalidatePath } from "next/cache";
import { ZRegionInput } from "@/lib/schemas/region";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { deleteRegion } from "@/lib/server/regions/delete-region";
import { createRegion, renameRegion } from "@/lib/server/regions/save-region";
import { parseInput } from "@/lib/server/validate";

const refresh = (name: string) => revalidatePath(`/phonebooks/${encodeURIComponent(name)}`, "layout");

export async function createRegionAction(
  phonebookName: string,
  raw: unknown,
): Promise<TActionResult<{ id: string; name: string; position: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "editor");
    const region = await createRegion({ actor, phonebookName, input: parseInput(ZRegionInput, raw, "region") });
    refresh(phonebookName);
    return region;
  });
}

export async function renameRegionAction(
  phonebookName: string,
  regionId: string,
  raw: unknown,
): Promise<TActionResult<{ id: string; name: string; position: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "editor");
    const region = await renameRegion({ actor, phonebookName, regionId, input: parseInput(ZRegionInput, raw, "region") });
    refresh(phonebookName);
    return region;
  });
}

export async function deleteRegionAction(phonebookName: string, regionId: string): Promise<TActionResult<{ movedPops: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "editor");
    const result = await deleteRegion({ actor, phonebookName, regionId });
    refresh(phonebookName);
    return result;
  });
}
