"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { SCOPE_LABELS, SCOPES, type TScope } from "@/lib/scopes";
import { DEFAULT_TOKEN_EXPIRY_DAYS, MAX_TOKEN_NAME_LENGTH, TOKEN_EXPIRY_DAYS } from "@/lib/schemas/token";
import { createTokenAction, type TCreateTokenState, type TTokenFormValues } from "./actions";

const EMPTY: TTokenFormValues = { name: "", scopes: ["read"], expiresInDays: String(DEFAULT_TOKEN_EXPIRY_DAYS), phonebooks: "" };

/** Create form; shows the new token once, in a copyable box. Scopes beyond the user's role are disabled. */
export function CreateTokenForm({ allowedScopes }: { allowedScopes: TScope[] }) {
  const [state, action, isPending] = useActionState<TCreateTokenState | null, FormData>(createTokenAction, null);
  const fields = state && !state.ok ? state.fields : {};
  const hasFieldError = Boolean(fields.name ?? fields.scopes ?? fields.expiresInDays ?? fields.phonebooks ?? fields.code);
  // After an error the form shows what was entered; after a success it starts again.
  const values = state && !state.ok ? state.values : EMPTY;
  return (
    <div className="space-y-3">
      <form action={action} className="space-y-3" noValidate key={state?.ok ? state.data.token : "form"}>
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-64 flex-1">
            <Field label="Token name" htmlFor="token-name" error={fields.name} hint="What uses it, e.g. ci-deploy">
              <Input
                id="token-name"
                name="name"
                maxLength={MAX_TOKEN_NAME_LENGTH + 20}
                defaultValue={values.name}
                aria-invalid={Boolean(fields.name)}
              />
            </Field>
          </div>
          <div className="w-36">
            <Field label="Expires" htmlFor="token-expiry" error={fields.expiresInDays ?? fields.expiresAt}>
              <NativeSelect
                id="token-expiry"
                name="expiresInDays"
                defaultValue={values.expiresInDays}
                aria-invalid={Boolean(fields.expiresInDays)}
              >
                {TOKEN_EXPIRY_DAYS.map((days) => (
                  <option key={days} value={String(days)}>
                    in {days} days
                  </option>
                ))}
                <option value="never">never</option>
              </NativeSelect>
            </Field>
          </div>
          <div className="min-w-56 flex-1">
            <Field
              label="Limit to phone books"
              htmlFor="token-phonebooks"
              error={fields.phonebooks}
              hint="Names separated by commas; empty = all phone books"
            >
              <Input
                id="token-phonebooks"
                name="phonebooks"
                defaultValue={values.phonebooks}
                placeholder="all phone books"
                aria-invalid={Boolean(fields.phonebooks)}
              />
            </Field>
          </div>
        </div>
        <fieldset className="space-y-1" aria-invalid={Boolean(fields.scopes)}>
          <legend className="text-xs font-medium text-slate-700">Scopes (within your role)</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-1">
            {SCOPES.map((scope) => {
              const isAllowed = allowedScopes.includes(scope);
              return (
                <label
                  key={scope}
                  className={`flex items-center gap-1.5 text-sm ${isAllowed ? "" : "text-slate-400"}`}
                  title={SCOPE_LABELS[scope]}
                >
                  <input type="checkbox" name="scopes" value={scope} defaultChecked={values.scopes.includes(scope)} disabled={!isAllowed} />
                  {scope}
                </label>
              );
            })}
          </div>
          {fields.scopes ? (
            <p role="alert" className="text-xs text-red-600">
              {fields.scopes}
            </p>
          ) : (
            <p className="text-xs text-slate-500">
              {SCOPES.filter((s) => allowedScopes.includes(s))
                .map((s) => SCOPE_LABELS[s])
                .join(" · ")}
            </p>
          )}
        </fieldset>
        {fields.code ? (
          <div className="max-w-sm">
            <Field label="Two-factor code" htmlFor="token-code" error={fields.code} hint="Creating a token needs a recent second factor">
              <Input id="token-code" name="code" inputMode="numeric" autoComplete="one-time-code" aria-invalid />
            </Field>
          </div>
        ) : null}
        <Button type="submit" disabled={isPending}>
          {isPending ? "Creating…" : "Create token"}
        </Button>
        {state && !state.ok && !hasFieldError ? <Alert variant="destructive">{state.error}</Alert> : null}
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
        <Button type="button" variant="outline" onClick={() => void onCopy()}>
          {isCopied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-amber-900">
        Use it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
    </div>
  );
}
