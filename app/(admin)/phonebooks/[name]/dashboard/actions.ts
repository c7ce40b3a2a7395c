"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ZDeliveryPolicy, type TDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { previewClientUpdate, type TClientPreview } from "@/lib/server/pbs/preview-client-update";
import { updatePhonebook } from "@/lib/server/phonebooks/update-phonebook";
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

/** Sets the delivery policy from the dashboard (admin+); the PBS honours it at once. */
export async function setDeliveryPolicyAction(
  phonebookName: string,
  policy: unknown,
): Promise<TActionResult<{ deliveryPolicy: TDeliveryPolicy }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const deliveryPolicy = parseInput(ZDeliveryPolicy, policy, "delivery policy");
    const summary = await updatePhonebook({ actor, name: phonebookName, patch: { deliveryPolicy } });
    revalidatePath(`/phonebooks/${encodeURIComponent(phonebookName)}`, "layout");
    return { deliveryPolicy: summary.deliveryPolicy };
  });
}
