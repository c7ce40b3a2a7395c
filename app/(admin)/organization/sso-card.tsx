"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { deleteSsoAction, saveSsoAction } from "./actions";

type TSettings = {
  issuer: string;
  clientId: string;
  defaultRole: "viewer" | "editor" | "admin";
  allowPassword: boolean;
  enabled: boolean;
  linkedAccounts: number;
} | null;

type TState = { error?: string; fields: Record<string, string>; notice?: string };

/** The owner's single sign-on settings; the form keeps what was typed when saving fails. */
export function SsoSettingsForm({ settings, redirectUri }: { settings: TSettings; redirectUri: string }) {
  const router = useRouter();
  const [state, setState] = useState<TState>({ fields: {} });
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const [isPending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const secret = event.currentTarget.elements.namedItem("clientSecret");
    startTransition(async () => {
      const result = await saveSsoAction(form);
      setState(
        result.ok ? { fields: {}, notice: "Saved: the identity provider answered." } : { error: result.error, fields: result.fields },
      );
      if (!result.ok) return;
      // Stored now (shown as "set"); the other fields keep what was typed.
      if (secret instanceof HTMLInputElement) secret.value = "";
      router.refresh();
    });
  }

  function onDelete() {
    startTransition(async () => {
      const result = await deleteSsoAction();
      setConfirmingDelete(false);
      setState(result.ok ? { fields: {}, notice: "Single sign-on removed." } : { error: result.error, fields: {} });
      if (result.ok) router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} className="min-w-0 space-y-3" noValidate data-testid="sso-form">
      <div className="min-w-0 space-y-1 text-sm">
        <p className="text-slate-600">Redirect URI to register at your identity provider:</p>
        <code className="block break-all rounded bg-slate-100 px-2 py-1 text-xs" data-testid="sso-redirect-uri">
          {redirectUri}
        </code>
      </div>
      <Field
        label="Issuer URL"
        htmlFor="sso-issuer"
        error={state.fields.issuer}
        hint="https://… (its /.well-known/openid-configuration is read on saving)"
      >
        <Input id="sso-issuer" name="issuer" type="url" defaultValue={settings?.issuer ?? ""} aria-invalid={Boolean(state.fields.issuer)} />
      </Field>
      <Field label="Client ID" htmlFor="sso-client-id" error={state.fields.clientId}>
        <Input
          id="sso-client-id"
          name="clientId"
          defaultValue={settings?.clientId ?? ""}
          autoComplete="off"
          aria-invalid={Boolean(state.fields.clientId)}
        />
      </Field>
      <Field
        label="Client secret"
        htmlFor="sso-client-secret"
        error={state.fields.clientSecret}
        hint={settings ? "Set. Leave empty to keep it; it is never shown again." : "Stored encrypted; never shown again."}
      >
        <Input
          id="sso-client-secret"
          name="clientSecret"
          type="password"
          autoComplete="new-password"
          placeholder={settings ? "set" : ""}
          aria-invalid={Boolean(state.fields.clientSecret)}
        />
      </Field>
      <Field label="Role of members who join through SSO" htmlFor="sso-default-role" error={state.fields.defaultRole}>
        <NativeSelect id="sso-default-role" name="defaultRole" defaultValue={settings?.defaultRole ?? "viewer"}>
          <option value="viewer">Viewer</option>
          <option value="editor">Editor</option>
          <option value="admin">Admin</option>
        </NativeSelect>
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="enabled" className="mt-0.5" defaultChecked={settings?.enabled ?? true} />
        <span>Single sign-on is on</span>
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name="allowPassword"
          className="mt-0.5"
          defaultChecked={settings?.allowPassword ?? true}
          aria-describedby="sso-password-help"
        />
        <span>Allow password sign-in</span>
      </label>
      <p id="sso-password-help" className="text-xs text-slate-500">
        Off: members must sign in with SSO to work here (API tokens are not affected). Owners can always sign in with their password, so a
        broken identity provider never locks the organisation out.
      </p>
      {settings ? (
        <p className="text-xs text-slate-500">
          <Badge variant={settings.enabled ? "success" : "secondary"}>{settings.enabled ? "on" : "off"}</Badge> {settings.linkedAccounts}{" "}
          linked account(s). Changing the issuer unlinks them.
        </p>
      ) : null}
      {state.error ? <Alert variant="destructive">{state.error}</Alert> : null}
      {state.notice ? <Alert variant="success">{state.notice}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={isPending}>
          {isPending ? "Checking…" : "Save"}
        </Button>
        {settings && !isConfirmingDelete ? (
          <Button type="button" variant="outline" disabled={isPending} onClick={() => setConfirmingDelete(true)}>
            Remove single sign-on
          </Button>
        ) : null}
        {isConfirmingDelete ? (
          <span className="flex flex-wrap items-center gap-2 text-sm">
            Remove it? SSO sessions end now.
            <Button type="button" variant="destructive" size="sm" disabled={isPending} onClick={onDelete}>
              Remove
            </Button>
            <Button type="button" variant="ghost" size="sm" onClick={() => setConfirmingDelete(false)}>
              Cancel
            </Button>
          </span>
        ) : null}
      </div>
    </form>
  );
}
