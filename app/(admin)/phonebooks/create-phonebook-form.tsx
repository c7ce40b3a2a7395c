"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { createPhonebookAction, type TCreatePhonebookState } from "./actions";

export function CreatePhonebookForm() {
  const [state, action, isPending] = useActionState<TCreatePhonebookState | null, FormData>(createPhonebookAction, null);
  const fields = state && !state.ok ? state.fields : {};
  // React resets a form after its action: after a refusal the fields show what was typed
  // again; after a success (a new key) they start empty.
  const values = state && !state.ok ? state.values : { name: "", description: "" };
  return (
    <form action={action} className="flex flex-wrap items-start gap-3" noValidate key={state?.ok ? `created-${state.data.name}` : "form"}>
      <div className="w-48">
        <Field label="New phone book name" htmlFor="pb-name" error={fields.name} hint="1–8 letters/digits, e.g. MYISP">
          <Input id="pb-name" name="name" maxLength={40} defaultValue={values.name} aria-invalid={Boolean(fields.name)} />
        </Field>
      </div>
      <div className="min-w-64 flex-1">
        <Field label="Description" htmlFor="pb-description" error={fields.description}>
          <Input id="pb-description" name="description" defaultValue={values.description} />
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
