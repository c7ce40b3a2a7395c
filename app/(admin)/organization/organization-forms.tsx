"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { renameOrganizationAction, setRequireTwoFactorAction, switchOrganizationAction } from "./actions";

export function RenameOrganizationForm({ name }: { name: string }) {
  const [state, action, isPending] = useActionState(renameOrganizationAction, null);
  return (
    <form action={action} className="flex flex-wrap items-start gap-2" noValidate>
      <div className="w-full max-w-80">
        <Field label="Organisation name" htmlFor="org-name" error={state && !state.ok ? (state.fields[""] ?? state.error) : undefined}>
          <Input id="org-name" name="name" defaultValue={name} />
        </Field>
      </div>
      <Button type="submit" className="mt-5" disabled={isPending}>
        Save
      </Button>
      {state?.ok ? (
        <div className="mt-5">
          <Alert variant="success">Saved</Alert>
        </div>
      ) : null}
    </form>
  );
}

export function SwitchOrganizationButton({ orgId, name }: { orgId: string; name: string }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      variant="outline"
      disabled={isPending}
      onClick={() =>
        startTransition(async () => {
          const result = await switchOrganizationAction(orgId);
          if (result.ok) router.push("/phonebooks");
        })
      }
    >
      Work in {name}
    </Button>
  );
}

/** The owner's switch: members must turn on two-factor authentication. */
export function RequireTwoFactorSwitch({ required }: { required: boolean }) {
  const [state, setState] = useState<{ error?: string; notice?: string }>({});
  const [isPending, startTransition] = useTransition();
  function onToggle(next: boolean) {
    startTransition(async () => {
      const result = await setRequireTwoFactorAction(next);
      setState(
        result.ok
          ? {
              notice: next
                ? `Required. ${result.data.withoutTwoFactor} member(s) must turn it on before they can work here.`
                : "No longer required.",
            }
          : { error: result.error },
      );
    });
  }
  return (
    <div className="space-y-2">
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-0.5"
          checked={required}
          disabled={isPending}
          onChange={(e) => onToggle(e.target.checked)}
          aria-describedby="require-2fa-help"
        />
        <span>Require two-factor authentication for every member</span>
      </label>
      <p id="require-2fa-help" className="text-xs text-slate-500">
        Members without it can only reach their Account page until they turn it on. API tokens are not affected.
      </p>
      {state.error ? <Alert variant="destructive">{state.error}</Alert> : null}
      {state.notice ? <Alert variant="success">{state.notice}</Alert> : null}
    </div>
  );
}
