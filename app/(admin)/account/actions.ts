"use server";

import { ZChangePassword } from "@/lib/schemas/account";
import { changePassword } from "@/lib/server/account/change-password";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { parseInput } from "@/lib/server/validate";

const formText = (form: FormData, key: string): string => {
  const value = form.get(key);
  return typeof value === "string" ? value : "";
};

export async function changePasswordAction(_prev: unknown, form: FormData): Promise<TActionResult<null>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const input = parseInput(
      ZChangePassword,
      Object.fromEntries(["currentPassword", "newPassword", "confirm"].map((k) => [k, formText(form, k)])),
      "password change",
    );
    await changePassword({ actor, currentPassword: input.currentPassword, newPassword: input.newPassword });
    return null;
  });
}
