"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/member";
import { resetPasswordAction } from "@/app/(auth)/forgot-password/actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, isPending] = useActionState(resetPasswordAction.bind(null, token), null);
  const fields = state && !state.ok ? state.fields : {};
  if (state?.ok) {
    return (
      <Alert variant="success">
        Your password was changed.{" "}
        <Link href="/login" className="underline">
          Sign in
        </Link>{" "}
        with it.
      </Alert>
    );
  }
  return (
    <form action={action} className="space-y-3" noValidate>
      <Field
        label="New password"
        htmlFor="password"
        error={fields.password}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters, not a common password`}
      >
        <Input id="password" name="password" type="password" autoComplete="new-password" />
      </Field>
      <Field label="New password again" htmlFor="confirm" error={fields.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" />
      </Field>
      {state && !state.ok && !fields.password && !fields.confirm ? <Alert variant="destructive">{state.error}</Alert> : null}
      <Button type="submit" disabled={isPending} className="w-full">
        {isPending ? "Saving…" : "Save new password"}
      </Button>
    </form>
  );
}
