"use server";

import { z } from "zod";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { previewClientUpdate, type TClientPreview } from "@/lib/server/pbs/preview-client-update";
import { parseInput } from "@/lib/server/validate";

export async function previewClientAction(phonebookName: string, clientVersion: unknown): Promise<TActionResult<TClientPreview>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const v = parseInput(
      z.coerce
        .number({ error: "Enter a whole number ≥ 0" })
        .int({ error: "Enter a whole number ≥ 0" })
        .min(0, { error: "Enter a whole number ≥ 0" })
        .max(1_000_000),
      clientVersion,
      "client version",
    );
    return previewClientUpdate({ actor, phonebookName, clientVersion: v });
  });
}
