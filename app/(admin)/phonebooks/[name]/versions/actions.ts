"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MAX_VERSIONS } from "@/lib/phonebook/limits";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { parseInput } from "@/lib/server/validate";
import type { TPublishResult } from "@/lib/server/versions/publish-version";
import { restoreVersion } from "@/lib/server/versions/restore-version";

export async function restoreVersionAction(phonebookName: string, version: unknown): Promise<TActionResult<TPublishResult>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const v = parseInput(z.number().int().min(1).max(MAX_VERSIONS), version, "version");
    const result = await restoreVersion({ actor, phonebookName, version: v });
    revalidatePath(`/phonebooks/${encodeURIComponent(phonebookName)}`, "layout");
    return result;
  });
}
