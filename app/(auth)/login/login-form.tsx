"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

const text = (value: FormDataEntryValue | null): string => (typeof value === "string" ? value : "");

/** Must match CODE_REQUIRED in lib/server/auth/login.ts (server-only, so not imported here). */
const CODE_REQUIRED = "TWO_FACTOR_CODE_REQUIRED";

/** Email and password, then — for accounts with two-factor authentication — a code. */
export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: text(form.get("email")),
      password: text(form.get("password")),
      code: needsCode ? text(form.get("code")) : "",
      redirect: false,
    });
    setPending(false);
    if (result?.error === CODE_REQUIRED) {
      setNeedsCode(true);
      return;
    }
    if (!result || result.error) {
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.");
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-3" noValidate>
      <Field label="Email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="username" required readOnly={needsCode} />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required readOnly={needsCode} />
      </Field>
      {needsCode ? (
        <Field label="Two-factor code" htmlFor="code" hint="The 6-digit code of your authenticator app, or a recovery code">
          <Input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" autoFocus required />
        </Field>
      ) : null}
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <p className="text-right text-xs">
        <Link href="/forgot-password" className="text-slate-600 underline hover:text-brand">
          Forgot your password?
        </Link>
      </p>
      <Button type="submit" disabled={isPending} className="w-full">
        {isPending ? "Signing in…" : needsCode ? "Verify" : "Sign in"}
      </Button>
    </form>
  );
}
