"use server";

import { formText } from "@/lib/form-text";
import { redirect } from "next/navigation";
import { ZInvitationSignup } from "@/lib/schemas/invitation";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { setActiveOrgCookie } from "@/lib/server/auth/active-org-cookie";
import { getSessionUser } from "@/lib/server/auth/get-actor";
import { AppError } from "@/lib/server/errors";
import { acceptInvitation, signUpFromInvitation } from "@/lib/server/invitations/accept-invitation";
import { parseInput } from "@/lib/server/validate";

/** The signed-in user accepts the invitation behind `token`, then works in that organisation. */
export async function acceptInvitationAction(token: string): Promise<TActionResult<null>> {
  const result = await runAction(async () => {
    const user = await getSessionUser();
    if (!user) throw new AppError("unauthorized", "Sign in first, then accept the invitation.");
    const accepted = await acceptInvitation({ token, userId: user.userId });
    await setActiveOrgCookie(accepted.orgId);
    return null;
  });
  if (result.ok) redirect("/phonebooks");
  return result;
}

export type TSignupState = TActionResult<{ email: string }> & { values: { name: string } };

/** Creates an account from the invitation link; the browser then signs in with it. */
export async function signUpFromInvitationAction(token: string, _prev: unknown, form: FormData): Promise<TSignupState> {
  const values = { name: formText(form, "name") };
  const result = await runAction(async () => {
    const input = parseInput(ZInvitationSignup, { name: values.name, password: formText(form, "password") }, "account");
    // A new account has this one membership, so no organisation cookie is needed (setting one
    // would refresh this page, which no longer has an open invitation, before the sign-in).
    const accepted = await signUpFromInvitation({ token, input });
    return { email: accepted.email };
  });
  return { ...result, values };
}
