"use server";

import { formText } from "@/lib/form-text";
import { ZChangePassword } from "@/lib/schemas/account";
import { changePassword } from "@/lib/server/account/change-password";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { parseInput } from "@/lib/server/validate";

export async function changePasswordAction(_prev: unknown, form: FormData): Promise<TActionResult<{ revokedTokens: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const input = parseInput(
      ZChangePassword,
      Object.fromEntries(["currentPassword", "newPassword", "confirm", "revokeTokens"].map((k) => [k, formText(form, k)])),
      "password change",
    );
    return changePassword({ actor, ...input });
  });
}
