"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { TRole } from "@/lib/roles";
import { inviteMemberAction, type TInviteState } from "./actions";

/** Invites someone by email; without SMTP the single-use link is shown once to pass on. */
export function InviteMemberForm({ grantableRoles }: { grantableRoles: TRole[] }) {
  const [state, action, isPending] = useActionState<TInviteState | null, FormData>(inviteMemberAction, null);
  const [copied, setCopied] = useState(false);
  const fields = state && !state.ok ? state.fields : {};
  const hasFieldError = Boolean(fields.email ?? fields.role);
  // After an error the form shows what was typed; after a success it starts empty.
  const values = state && !state.ok ? state.values : { email: "", role: "viewer" };
  const link = state?.ok ? state.data.link : null;
  return (
    <form
      action={action}
      className="flex flex-wrap items-start gap-3"
      noValidate
      data-testid="invite-member-form"
      key={state?.ok ? state.data.invitation.id : "form"}
    >
      <div className="min-w-56 flex-1">
        <Field label="Email" htmlFor="member-email" error={fields.email} hint="They choose their own password when they accept">
          <Input
            id="member-email"
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={values.email}
            aria-invalid={Boolean(fields.email)}
          />
        </Field>
      </div>
      <div className="w-32">
        <Field label="Role" htmlFor="member-role" error={fields.role}>
          <NativeSelect id="member-role" name="role" defaultValue={values.role} aria-invalid={Boolean(fields.role)}>
            {grantableRoles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      <Button type="submit" disabled={isPending} className="mt-5">
        {isPending ? "Inviting…" : "Invite"}
      </Button>
      <div className="w-full space-y-2">
        {state && !state.ok && !hasFieldError ? <Alert variant="destructive">{state.error}</Alert> : null}
        {state?.ok && state.data.emailed ? (
          <Alert variant="success">Invitation emailed to {state.data.invitation.email}. The link works once, for 7 days.</Alert>
        ) : null}
        {link ? (
          <Alert variant="success">
            <p>
              Invitation for <strong>{state?.ok ? state.data.invitation.email : ""}</strong> created. Pass this link on privately: it is
              shown only now, works once and expires in 7 days.
            </p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code data-testid="invitation-link" className="break-all rounded bg-white px-2 py-1 text-xs text-slate-800">
                {link}
              </code>
              <Button
                type="button"
                variant="outline"
                size="sm"
                onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}
              >
                {copied ? "Copied" : "Copy link"}
              </Button>
            </div>
          </Alert>
        ) : null}
      </div>
    </form>
  );
}
