"use client";

import { signOut } from "next-auth/react";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { changePasswordAction } from "./actions";

export function PasswordForm() {
  const [state, action, isPending] = useActionState(changePasswordAction, null);
  useEffect(() => {
    // Every session of this user was invalidated: sign in again with the new password.
    if (state?.ok) void signOut({ callbackUrl: "/login" });
  }, [state]);
  const fields = state && !state.ok ? state.fields : {};
  return (
    <form action={action} className="max-w-sm space-y-3" noValidate>
      <Field label="Current password" htmlFor="currentPassword" error={fields.currentPassword}>
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" />
      </Field>
      <Field label="New password" htmlFor="newPassword" error={fields.newPassword} hint="At least 10 characters, not a common password">
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" />
      </Field>
      <Field label="New password again" htmlFor="confirm" error={fields.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" />
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="revokeTokens" className="mt-0.5" />
        <span>Also revoke all my API tokens (in every organisation), e.g. if the old password may have leaked</span>
      </label>
      {state && !state.ok && Object.keys(fields).length === 0 ? <Alert variant="destructive">{state.error}</Alert> : null}
      {state?.ok ? (
        <Alert variant="success">
          Password changed{state.data.revokedTokens ? ` and ${state.data.revokedTokens} API token(s) revoked` : ""}. Signing you out…
        </Alert>
      ) : null}
      <Button type="submit" disabled={isPending}>
        Change password
      </Button>
    </form>
  );
}
