"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import type { TClientPreview } from "@/lib/server/pbs/preview-client-update";
import { previewClientAction } from "./actions";

/** "What will a client get": the PBS decision and files for a client at a given version. */
export function ClientPreview({ phonebookName, currentVersion }: { phonebookName: string; currentVersion: number }) {
  const [version, setVersion] = useState(String(Math.max(0, currentVersion - 1)));
  const [answer, setAnswer] = useState<TClientPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    startTransition(async () => {
      const result = await previewClientAction(phonebookName, version);
      if (result.ok) {
        setAnswer(result.data);
        setError(null);
      } else setError(result.fields[""] ?? result.error);
    });
  }

  return (
    <div className="space-y-2">
      <form onSubmit={onSubmit} className="flex items-end gap-2">
        <label className="text-sm">
          Client phone book version
          <Input
            className="w-32"
            inputMode="numeric"
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            aria-label="Client version"
          />
        </label>
        <Button type="submit" disabled={isPending}>
          What will it get?
        </Button>
      </form>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      {answer ? (
        <div className="rounded-md border border-slate-200 p-3 text-sm" data-testid="client-preview">
          {answer.kind === "no_update" ? <p>HTTP 204 — no update: the client already has version {answer.version}.</p> : null}
          {answer.kind === "error" ? (
            <p>
              HTTP {answer.status} — {answer.message}
            </p>
          ) : null}
          {answer.kind === "full" || answer.kind === "delta" ? (
            <>
              <p>
                HTTP 200 — <strong>{answer.kind === "delta" ? `delta from version ${answer.from}` : "full phone book"}</strong> to version{" "}
                {answer.version}: <code>{answer.fileName}</code> ({answer.size.toLocaleString("en")} bytes)
              </p>
              <p className="text-slate-600">
                Contains {answer.files.map((f) => `${f.name} (${f.size.toLocaleString("en")} B)`).join(", ")} —{" "}
                {answer.kind === "delta"
                  ? `${answer.upserts} POP(s) added or changed, ${answer.deletes} removed`
                  : `${answer.upserts} POPs`}
                .
              </p>
            </>
          ) : null}
          {answer.kind !== "error" ? (
            <p className="mt-1 text-slate-600" data-testid="client-preview-policy">
              Delivery policy in current.json:{" "}
              {answer.deliveryPolicy === "full" ? "always the full phone book (no delta is offered)" : "deltas when possible"}.
            </p>
          ) : null}
          <p className="mt-1 break-all text-xs text-slate-500">Query: ?{answer.query}</p>
        </div>
      ) : null}
    </div>
  );
}
