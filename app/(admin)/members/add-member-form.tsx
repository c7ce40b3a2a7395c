"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/input";
import type { TRole } from "@/lib/roles";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/member";
import { addMemberAction } from "./actions";

export function AddMemberForm({ grantableRoles }: { grantableRoles: TRole[] }) {
  const [state, action, isPending] = useActionState(addMemberAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const fields = state && !state.ok ? state.fields : {};
  const hasFieldError = Boolean(fields.email ?? fields.role ?? fields.name ?? fields.password);
  return (
    <form ref={formRef} action={action} className="flex flex-wrap items-start gap-3" noValidate data-testid="add-member-form">
      <div className="min-w-56 flex-1">
        <Field label="Email" htmlFor="member-email" error={fields.email}>
          <Input id="member-email" name="email" type="email" autoComplete="off" aria-invalid={Boolean(fields.email)} />
        </Field>
      </div>
      <div className="w-44">
        <Field label="Name" htmlFor="member-name" error={fields.name} hint="New users only">
          <Input id="member-name" name="name" autoComplete="off" aria-invalid={Boolean(fields.name)} />
        </Field>
      </div>
      <div className="w-52">
        <Field
          label="Initial password"
          htmlFor="member-password"
          error={fields.password}
          hint={`New users only, ${MIN_PASSWORD_LENGTH}+ characters`}
        >
          <Input id="member-password" name="password" type="password" autoComplete="new-password" aria-invalid={Boolean(fields.password)} />
        </Field>
      </div>
      <div className="w-32">
        <Field label="Role" htmlFor="member-role" error={fields.role}>
          <Select id="member-role" name="role" defaultValue="viewer" aria-invalid={Boolean(fields.role)}>
            {grantableRoles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Button type="submit" disabled={isPending} className="mt-5">
        {isPending ? "Adding…" : "Add member"}
      </Button>
      <div className="w-full">
        {state && !state.ok && !hasFieldError ? <Alert>{state.error}</Alert> : null}
        {state?.ok ? (
          <Alert kind="success">
            Added {state.data.email}
            {state.data.isNewUser
              ? " (new user: share the initial password with them safely)"
              : " (existing user; their password is unchanged)"}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}
