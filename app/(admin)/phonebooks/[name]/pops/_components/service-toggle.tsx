"use client";

import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { bulkPopsAction } from "../actions";

/** In-service badge that toggles the POP in place (editors). */
export function ServiceToggle({
  phonebookName,
  popIndex,
  inService,
  canEdit,
}: {
  phonebookName: string;
  popIndex: number;
  inService: boolean;
  canEdit: boolean;
}) {
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const badge = inService ? <Badge variant="success">yes</Badge> : <Badge variant="warning">no</Badge>;
  if (!canEdit) return badge;
  return (
    <span>
      <button
        type="button"
        disabled={isPending}
        aria-label={`${inService ? "Take out of service" : "Put in service"} POP ${popIndex}`}
        title={inService ? "Take out of service" : "Put in service"}
        onClick={() =>
          startTransition(async () => {
            const result = await bulkPopsAction(phonebookName, {
              popIndexes: [popIndex],
              action: inService ? "setOutOfService" : "setInService",
            });
            setError(result.ok ? null : result.error);
          })
        }
      >
        {badge}
      </button>
      {error ? (
        <span role="alert" className="block text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}
