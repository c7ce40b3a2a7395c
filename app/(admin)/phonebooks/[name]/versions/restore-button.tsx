"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { restoreVersionAction } from "./actions";

export function RestoreButton({ phonebookName, version }: { phonebookName: string; version: number }) {
  const [isPending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  function onRestore() {
    if (
      !window.confirm(`Publish the content of version ${version} as a new version? POPs it did not publish will be taken out of service.`)
    )
      return;
    startTransition(async () => {
      const result = await restoreVersionAction(phonebookName, version);
      setMessage(result.ok ? `Published as version ${result.data.version}` : result.error);
    });
  }
  return (
    <span>
      <Button size="sm" variant="secondary" onClick={onRestore} disabled={isPending}>
        {isPending ? "Restoring…" : "Restore"}
      </Button>
      {message ? <span className="ml-2 text-xs">{message}</span> : null}
    </span>
  );
}
