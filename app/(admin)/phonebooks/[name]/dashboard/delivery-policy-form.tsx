"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { NativeSelect } from "@/components/ui/native-select";
import type { TDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { setDeliveryPolicyAction } from "./actions";

const LABELS: Record<TDeliveryPolicy, string> = {
  deltas: "Deltas when possible",
  full: "Always the full phone book",
};

/** The phone book's delivery policy: a select for admins, the value for everyone else. */
export function DeliveryPolicyForm(props: { phonebookName: string; policy: TDeliveryPolicy; canEdit: boolean }) {
  const [policy, setPolicy] = useState<TDeliveryPolicy>(props.policy);
  const [saved, setSaved] = useState<TDeliveryPolicy>(props.policy);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();

  function onSave() {
    startTransition(async () => {
      const result = await setDeliveryPolicyAction(props.phonebookName, policy);
      if (result.ok) {
        setSaved(result.data.deliveryPolicy);
        setMessage({ kind: "success", text: `Delivery policy set to "${LABELS[result.data.deliveryPolicy]}"; the PBS applies it now.` });
      } else setMessage({ kind: "error", text: result.fields[""] ?? result.error });
    });
  }

  if (!props.canEdit) {
    return (
      <p className="text-sm" data-testid="delivery-policy">
        Delivery policy: <strong>{LABELS[saved]}</strong>
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <div className="flex items-end gap-2">
        <label className="text-sm">
          Delivery policy
          <NativeSelect
            aria-label="Delivery policy"
            className="w-64"
            value={policy}
            onChange={(e) => setPolicy(e.target.value === "full" ? "full" : "deltas")}
          >
            <option value="deltas">{LABELS.deltas}</option>
            <option value="full">{LABELS.full}</option>
          </NativeSelect>
        </label>
        <Button type="button" onClick={onSave} disabled={isPending || policy === saved}>
          Save
        </Button>
      </div>
      <p className="text-xs text-slate-500">
        &quot;Always the full phone book&quot; sends every client that is behind the Full cab, never a delta: a safety net for clients whose
        delta handling is unknown. It applies at once, without a new version.
      </p>
      {message ? <Alert variant={message.kind === "error" ? "destructive" : "success"}>{message.text}</Alert> : null}
    </div>
  );
}
