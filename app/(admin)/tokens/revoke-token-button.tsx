"use client";

import { useState, useTransition } from "react";
import { useConfirm } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { revokeTokenAction } from "./actions";

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const [confirm, confirmDialog] = useConfirm();

  async function onRevoke() {
    const isOk = await confirm({
      title: `Revoke API token "${name}"?`,
      description: "Anything using it stops working at once. This cannot be undone.",
      confirmLabel: "Revoke token",
      isDestructive: true,
    });
    if (!isOk) return;
    startTransition(async () => {
      const result = await revokeTokenAction(tokenId);
      setError(result.ok ? null : result.error);
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <Button size="sm" variant="destructive" onClick={() => void onRevoke()} disabled={isPending}>
        {isPending ? "Revoking…" : "Revoke"}
      </Button>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
      {confirmDialog}
    </div>
  );
}
