"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/input";
import type { TRole } from "@/lib/roles";
import { MAX_TOKEN_NAME_LENGTH } from "@/lib/schemas/token";
import { createTokenAction } from "./actions";

/** Create form; shows the new token once, in a copyable box. */
export function CreateTokenForm({ allowedRoles }: { allowedRoles: TRole[] }) {
  const [state, action, isPending] = useActionState(createTokenAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const fields = state && !state.ok ? state.fields : {};
  return (
    <div className="space-y-3">
      <form ref={formRef} action={action} className="flex flex-wrap items-start gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <Field label="Token name" htmlFor="token-name" error={fields.name} hint="What uses it, e.g. ci-deploy">
            <Input id="token-name" name="name" maxLength={MAX_TOKEN_NAME_LENGTH + 20} aria-invalid={Boolean(fields.name)} />
          </Field>
        </div>
        <div className="w-32">
          <Field label="Role" htmlFor="token-role" error={fields.role}>
            <Select id="token-role" name="role" defaultValue="viewer" aria-invalid={Boolean(fields.role)}>
              {allowedRoles.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button type="submit" disabled={isPending} className="mt-5">
          {isPending ? "Creating…" : "Create token"}
        </Button>
        {state && !state.ok && !fields.name && !fields.role ? (
          <div className="w-full">
            <Alert>{state.error}</Alert>
          </div>
        ) : null}
      </form>
      {state?.ok ? <NewTokenBox key={state.data.token} name={state.data.name} token={state.data.token} /> : null}
    </div>
  );
}

function NewTokenBox({ name, token }: { name: string; token: string }) {
  const [isCopied, setCopied] = useState(false);
  async function onCopy() {
    await navigator.clipboard.writeText(token);
    setCopied(true);
  }
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="new-token">
      <p className="text-sm font-medium text-amber-900">
        Token “{name}” created. Copy it now: it will not be shown again (only its hash is stored).
      </p>
      <div className="flex gap-2">
        <Input readOnly aria-label="New API token" value={token} className="font-mono" onFocus={(e) => e.currentTarget.select()} />
        <Button type="button" variant="secondary" onClick={() => void onCopy()}>
          {isCopied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-amber-900">
        Use it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
    </div>
  );
}
