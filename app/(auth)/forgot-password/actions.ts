"use server";

import { headers } from "next/headers";
import { formText } from "@/lib/form-text";
import { ZResetPassword, ZResetRequest } from "@/lib/schemas/password-reset";
import { requestPasswordReset, resetPassword } from "@/lib/server/account/password-reset";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { originFromHeaders } from "@/lib/server/request-origin";
import { parseInput } from "@/lib/server/validate";

export async function requestResetAction(_prev: unknown, form: FormData): Promise<TActionResult<null> & { email: string }> {
  const email = formText(form, "email");
  const result = await runAction(async () => {
    const input = parseInput(ZResetRequest, { email }, "email");
    await requestPasswordReset({ email: input.email, origin: originFromHeaders(await headers()) });
    return null;
  });
  return { ...result, email };
}

export async function resetPasswordAction(token: string, _prev: unknown, form: FormData): Promise<TActionResult<{ email: string }>> {
  return runAction(async () => {
    const input = parseInput(ZResetPassword, { password: formText(form, "password"), confirm: formText(form, "confirm") }, "password");
    return resetPassword({ token, password: input.password });
  });
}
