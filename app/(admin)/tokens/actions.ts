"use server";

import { revalidatePath } from "next/cache";
import { formText } from "@/lib/form-text";
import { ZTokenCreate } from "@/lib/schemas/token";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { createToken } from "@/lib/server/tokens/create-token";
import { revokeToken } from "@/lib/server/tokens/revoke-token";
import { parseInput } from "@/lib/server/validate";

export type TTokenFormValues = { name: string; scopes: string[]; expiresInDays: string; phonebooks: string };
export type TCreateTokenState = TActionResult<{ name: string; token: string }> & { values: TTokenFormValues };

export async function createTokenAction(_prev: unknown, form: FormData): Promise<TCreateTokenState> {
  const values: TTokenFormValues = {
    name: formText(form, "name"),
    scopes: form.getAll("scopes").filter((s): s is string => typeof s === "string"),
    expiresInDays: formText(form, "expiresInDays"),
    phonebooks: formText(form, "phonebooks"),
  };
  const result = await runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const input = parseInput(
      ZTokenCreate,
      {
        name: values.name,
        scopes: values.scopes,
        expiresInDays: values.expiresInDays === "never" ? null : Number(values.expiresInDays || "90"),
        phonebooks: values.phonebooks.split(/[\s,;]+/).filter(Boolean),
      },
      "API token",
    );
    const created = await createToken({ actor, input, secondFactorCode: formText(form, "code") || undefined });
    revalidatePath("/tokens");
    return { name: created.name, token: created.token };
  }, "Token created");
  return { ...result, values };
}

export async function revokeTokenAction(tokenId: string): Promise<TActionResult<{ revokedAt: string | null }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const revoked = await revokeToken({ actor, tokenId });
    revalidatePath("/tokens");
    return { revokedAt: revoked.revokedAt };
  }, "Token revoked");
}
