"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { startSsoAction } from "./actions";

type TMode = "sign-in" | "continue" | "link";

/** Starts the flow, then leaves for the identity provider (a navigation, so CSP form-action does not apply). */
function useStartSso() {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const start = (slug: string, mode: TMode) =>
    startTransition(async () => {
      setError(null);
      const result = await startSsoAction({ slug, mode });
      if (result.ok) window.location.assign(result.data.url);
      else setError(result.fields.slug ?? result.error);
    });
  return { error, isPending, start };
}

/** One button for a known organisation (/sso/<slug>, /sso-required, Account page). */
export function SsoButton({ slug, mode, label }: { slug: string; mode: TMode; label: string }) {
  const { error, isPending, start } = useStartSso();
  return (
    <div className="space-y-2">
      <Button type="button" disabled={isPending} onClick={() => start(slug, mode)}>
        {isPending ? "Redirecting…" : label}
      </Button>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
    </div>
  );
}

/** The sign-in page's "Sign in with SSO": the organisation's slug, then its identity provider. */
export function SsoSignInForm() {
  const { error, isPending, start } = useStartSso();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const slug = new FormData(event.currentTarget).get("slug");
    start(typeof slug === "string" ? slug : "", "sign-in");
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate aria-labelledby="sso-heading">
      <h2 id="sso-heading" className="text-sm font-medium">
        Sign in with SSO
      </h2>
      <Field label="Organisation slug" htmlFor="sso-slug" hint="As in your organisation's PBS URL: …/o/<slug>/pbserver">
        <Input id="sso-slug" name="slug" autoComplete="organization" autoCapitalize="none" spellCheck={false} required />
      </Field>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Button type="submit" variant="outline" disabled={isPending} className="w-full">
        {isPending ? "Redirecting…" : "Continue with SSO"}
      </Button>
    </form>
  );
}
