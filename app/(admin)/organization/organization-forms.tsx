"use client";

import { useRouter } from "next/navigation";
import { useActionState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/input";
import { renameOrganizationAction, switchOrganizationAction } from "./actions";

export function RenameOrganizationForm({ name }: { name: string }) {
  const [state, action, isPending] = useActionState(renameOrganizationAction, null);
  return (
    <form action={action} className="flex items-start gap-2" noValidate>
      <div className="w-80">
        <Field label="Organisation name" htmlFor="org-name" error={state && !state.ok ? (state.fields[""] ?? state.error) : undefined}>
          <Input id="org-name" name="name" defaultValue={name} />
        </Field>
      </div>
      <Button type="submit" className="mt-5" disabled={isPending}>
        Save
      </Button>
      {state?.ok ? (
        <div className="mt-5">
          <Alert kind="success">Saved</Alert>
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
      variant="secondary"
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
