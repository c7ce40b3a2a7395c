"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { requestResetAction } from "./actions";

export function ForgotPasswordForm() {
  const [state, action, isPending] = useActionState(requestResetAction, null);
  const fields = state && !state.ok ? state.fields : {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <Field label="Email" htmlFor="reset-email" error={fields.email}>
        <Input id="reset-email" name="email" type="email" autoComplete="username" defaultValue={state?.email ?? ""} />
      </Field>
      {state && !state.ok && !fields.email ? <Alert variant="destructive">{state.error}</Alert> : null}
      {state?.ok ? (
        <Alert variant="success">If {state.email} has an account, a reset link is on its way. It works once, for 60 minutes.</Alert>
      ) : null}
      <Button type="submit" disabled={isPending} className="w-full">
        {isPending ? "Sending…" : "Email me a reset link"}
      </Button>
    </form>
  );
}
