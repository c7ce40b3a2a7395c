"use client";

import { useState, useTransition } from "react";
import { useConfirm } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { revokeInvitationAction } from "./actions";

export function RevokeInvitationButton({ id, email }: { id: string; email: string }) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const [confirm, confirmDialog] = useConfirm();
  async function onRevoke() {
    const isOk = await confirm({
      title: `Withdraw the invitation of ${email}?`,
      description: "Its link stops working.",
      confirmLabel: "Withdraw invitation",
      isDestructive: true,
    });
    if (!isOk) return;
    startTransition(async () => {
      const result = await revokeInvitationAction(id);
      if (!result.ok) setError(result.error);
    });
  }
  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span className="text-xs text-red-700">{error}</span> : null}
      <Button
        variant="outline"
        size="sm"
        onClick={() => void onRevoke()}
        disabled={isPending}
        aria-label={`Withdraw invitation of ${email}`}
      >
        Withdraw
      </Button>
      {confirmDialog}
    </span>
  );
}
