"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { confirmTwoFactorAction, disableTwoFactorAction, startTwoFactorAction } from "./actions";
import { DateTime } from "@/components/date-time";

type TProps = { isOn: boolean; since: string | null; codesLeft: number; isRequired: boolean };

/** Turn two-factor authentication on (QR code, first code, recovery codes shown once) or off. */
export function TwoFactorCard({ isOn, since, codesLeft, isRequired }: TProps) {
  const [enrolment, setEnrolment] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const run = (fn: () => Promise<void>) => startTransition(fn);
  const onStart = () =>
    run(async () => {
      const result = await startTwoFactorAction();
      if (!result.ok) return setError(result.error);
      setError(null);
      setEnrolment(result.data);
    });
  const onConfirm = () =>
    run(async () => {
      const result = await confirmTwoFactorAction(code);
      if (!result.ok) return setError(result.fields.code ?? result.error);
      setError(null);
      setCode("");
      setEnrolment(null);
      setRecoveryCodes(result.data.recoveryCodes);
    });
  const onDisable = () =>
    run(async () => {
      const result = await disableTwoFactorAction(code);
      if (!result.ok) return setError(result.fields.code ?? result.error);
      setError(null);
      setCode("");
    });

  if (recoveryCodes) {
    return (
      <div className="space-y-3" data-testid="recovery-codes">
        <Alert variant="success">Two-factor authentication is on.</Alert>
        <p className="text-sm">
          Keep these recovery codes somewhere safe. Each works once, in place of a code, if you lose your device. They are shown only now.
        </p>
        <ul className="grid grid-cols-2 gap-1 font-mono text-sm sm:grid-cols-5">
          {recoveryCodes.map((c) => (
            <li key={c} className="rounded bg-slate-100 px-2 py-1 text-center">
              {c}
            </li>
          ))}
        </ul>
        <Button variant="outline" size="sm" onClick={() => void navigator.clipboard?.writeText(recoveryCodes.join("\n"))}>
          Copy codes
        </Button>
      </div>
    );
  }

  const codeField = (label: string) => (
    <Field label={label} htmlFor="two-factor-code" error={error ?? undefined}>
      <Input
        id="two-factor-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        className="w-48"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        aria-invalid={Boolean(error)}
      />
    </Field>
  );

  if (isOn) {
    return (
      <div className="space-y-3">
        <p className="text-sm" data-testid="two-factor-status">
          On since {since ? <DateTime value={since} precision="day" /> : "–"} · {codesLeft} recovery code(s) left.
        </p>
        {isRequired ? (
          <p className="text-sm text-slate-600">Your organisation requires it, so it cannot be turned off.</p>
        ) : (
          <div className="flex flex-wrap items-end gap-2">
            {codeField("Current code or recovery code")}
            <Button variant="outline" onClick={onDisable} disabled={isPending || !code}>
              Turn off
            </Button>
          </div>
        )}
      </div>
    );
  }

  if (enrolment) {
    return (
      <div className="space-y-3">
        <p className="text-sm">Scan this code with an authenticator app (or type the key), then enter the 6-digit code it shows.</p>
        {/* A data: URL made on the server; next/image adds nothing here. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={enrolment.qrDataUrl} alt="QR code for your authenticator app" width={200} height={200} className="rounded border" />
        <p className="text-xs text-slate-600">
          Key:{" "}
          <code data-testid="totp-secret" className="break-all">
            {enrolment.secret}
          </code>
        </p>
        <div className="flex flex-wrap items-end gap-2">
          {codeField("Code from the app")}
          <Button onClick={onConfirm} disabled={isPending || !code}>
            Turn on
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">Off. With it on, signing in also asks for a code from an authenticator app on your phone.</p>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Button onClick={onStart} disabled={isPending}>
        Set up two-factor authentication
      </Button>
    </div>
  );
}
