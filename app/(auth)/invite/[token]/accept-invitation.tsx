"use client";

import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/member";
import { acceptInvitationAction, signUpFromInvitationAction, type TSignupState } from "./actions";

type TProps = { token: string; invitedEmail: string; signedInAs: string | null };

/** Accept with the signed-in account, or sign in, or create an account with one's own password. */
export function AcceptInvitation({ token, invitedEmail, signedInAs }: TProps) {
  return signedInAs ? (
    <AcceptSignedIn token={token} invitedEmail={invitedEmail} signedInAs={signedInAs} />
  ) : (
    <SignUpOrSignIn token={token} invitedEmail={invitedEmail} />
  );
}

function AcceptSignedIn({ token, invitedEmail, signedInAs }: TProps & { signedInAs: string }) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  function onAccept() {
    startTransition(async () => {
      const result = await acceptInvitationAction(token); // redirects on success
      if (!result.ok) setError(result.error);
    });
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        You are signed in as <strong>{signedInAs}</strong>.
        {signedInAs !== invitedEmail ? " This is not the address the invitation was sent to; accepting adds this account." : null}
      </p>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Button onClick={onAccept} disabled={isPending} className="w-full">
        {isPending ? "Joining…" : `Accept as ${signedInAs}`}
      </Button>
    </div>
  );
}

function SignUpOrSignIn({ token, invitedEmail }: Omit<TProps, "signedInAs">) {
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [state, action, isPending] = useActionState<TSignupState | null, FormData>(signUpFromInvitationAction.bind(null, token), null);
  const [signInError, setSignInError] = useState<string | null>(null);
  useEffect(() => {
    if (!state?.ok) return;
    void signIn("credentials", { email: state.data.email, password, redirect: false }).then((result) => {
      if (!result || result.error) return setSignInError("Your account was created: sign in with it to continue.");
      router.replace("/phonebooks");
      router.refresh();
    });
  }, [state, password, router]);
  const fields = state && !state.ok ? state.fields : {};
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-3" noValidate data-testid="invitation-signup">
        <h2 className="text-sm font-semibold">New to PBA Cloud? Create your account</h2>
        <Field label="Email" htmlFor="invite-email">
          <Input id="invite-email" value={invitedEmail} readOnly autoComplete="username" />
        </Field>
        <Field label="Your name" htmlFor="invite-name" error={fields.name}>
          <Input
            id="invite-name"
            name="name"
            autoComplete="name"
            defaultValue={state && !state.ok ? state.values.name : ""}
            aria-invalid={Boolean(fields.name)}
          />
        </Field>
        <Field
          label="Choose a password"
          htmlFor="invite-password"
          error={fields.password}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters, not a common password`}
        >
          <Input
            id="invite-password"
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={Boolean(fields.password)}
          />
        </Field>
        {state && !state.ok && !fields.name && !fields.password ? <Alert variant="destructive">{state.error}</Alert> : null}
        {signInError ? <Alert variant="info">{signInError}</Alert> : null}
        <Button type="submit" disabled={isPending || state?.ok === true} className="w-full">
          {isPending ? "Creating…" : "Create account and join"}
        </Button>
      </form>
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`} className="text-brand underline">
          Sign in to accept
        </Link>
      </p>
    </div>
  );
}
