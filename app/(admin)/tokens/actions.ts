"use server";

import { revalidatePath } from "next/cache";
import { ZTokenCreate } from "@/lib/schemas/token";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { createToken } from "@/lib/server/tokens/create-token";
import { revokeToken } from "@/lib/server/tokens/revoke-token";
import { parseInput } from "@/lib/server/validate";

export async function createTokenAction(_prev: unknown, form: FormData): Promise<TActionResult<{ name: string; token: string }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const input = parseInput(ZTokenCreate, { name: form.get("name") ?? "", role: form.get("role") ?? undefined }, "API token");
    const created = await createToken({ actor, input });
    revalidatePath("/tokens");
    return { name: created.name, token: created.token };
  }, "Token created");
}

export async function revokeTokenAction(tokenId: string): Promise<TActionResult<{ revokedAt: string | null }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const revoked = await revokeToken({ actor, tokenId });
    revalidatePath("/tokens");
    return { revokedAt: revoked.revokedAt };
  }, "Token revoked");
}
