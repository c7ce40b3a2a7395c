"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createPhonebookAction } from "./actions";

export function CreatePhonebookForm() {
  const [state, action, isPending] = useActionState(createPhonebookAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const fields = state && !state.ok ? state.fields : {};
  return (
    <form ref={formRef} action={action} className="flex flex-wrap items-start gap-3" noValidate>
      <div className="w-48">
        <Field label="New phone book name" htmlFor="pb-name" error={fields.name} hint="1–8 letters/digits, e.g. MYISP">
          <Input id="pb-name" name="name" maxLength={40} aria-invalid={Boolean(fields.name)} />
        </Field>
      </div>
      <div className="min-w-64 flex-1">
        <Field label="Description" htmlFor="pb-description" error={fields.description}>
          <Input id="pb-description" name="description" />
        </Field>
      </div>
      <Button type="submit" disabled={isPending} className="mt-5">
        {isPending ? "Creating…" : "Create phone book"}
      </Button>
      <div className="w-full">
        {state && !state.ok && !fields.name && !fields.description ? <Alert variant="destructive">{state.error}</Alert> : null}
        {state?.ok ? <Alert variant="success">Created phone book {state.data.name}</Alert> : null}
      </div>
    </form>
  );
}
