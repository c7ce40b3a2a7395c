"use client";

import { useState, useTransition } from "react";
import { useConfirm } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { restoreVersionAction } from "./actions";

export function RestoreButton({ phonebookName, version }: { phonebookName: string; version: number }) {
  const [isPending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [confirm, confirmDialog] = useConfirm();
  async function onRestore() {
    const isOk = await confirm({
      title: `Restore version ${version}?`,
      description: `Its content is published as a new version. POPs it did not publish are taken out of service.`,
      confirmLabel: "Publish as new version",
    });
    if (!isOk) return;
    startTransition(async () => {
      const result = await restoreVersionAction(phonebookName, version);
      setMessage(result.ok ? `Published as version ${result.data.version}` : result.error);
    });
  }
  return (
    <span>
      <Button size="sm" variant="outline" onClick={() => void onRestore()} disabled={isPending}>
        {isPending ? "Restoring…" : "Restore"}
      </Button>
      {message ? <span className="ml-2 text-xs">{message}</span> : null}
      {confirmDialog}
    </span>
  );
}
