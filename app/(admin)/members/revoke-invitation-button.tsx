"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { revokeInvitationAction } from "./actions";

export function RevokeInvitationButton({ id, email }: { id: string; email: string }) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  function onRevoke() {
    if (!window.confirm(`Withdraw the invitation of ${email}? Its link stops working.`)) return;
    startTransition(async () => {
      const result = await revokeInvitationAction(id);
      if (!result.ok) setError(result.error);
    });
  }
  return (
    <span className="inline-flex items-center gap-2">
      {error ? <span className="text-xs text-red-700">{error}</span> : null}
      <Button variant="secondary" size="sm" onClick={onRevoke} disabled={isPending} aria-label={`Withdraw invitation of ${email}`}>
        Withdraw
      </Button>
    </span>
  );
}
