"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import type { TPublishPreview } from "@/lib/server/versions/preview-publish";

const STAGES = [
  { key: "render", label: "Rendering phone book", pct: 15 },
  { key: "compress", label: "Compressing cabinets", pct: 40 },
  { key: "store", label: "Storing artifacts", pct: 70 },
  { key: "activate", label: "Activating version", pct: 90 },
  { key: "done", label: "Done", pct: 100 },
] as const;

type TLine = { stage?: string; result?: { version: number; artifacts: { name: string; size: number }[] }; error?: { message: string } };

/** Shows what a publish will do, runs it with live progress (NDJSON stream) and reports the result. */
export function PublishPanel({ phonebookName, preview }: { phonebookName: string; preview: TPublishPreview }) {
  const router = useRouter();
  const [stage, setStage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<TLine["result"] | null>(null);
  const isRunning = stage !== null && stage !== "done" && !error;
  const pct = STAGES.find((s) => s.key === stage)?.pct ?? 0;

  async function onPublish() {
    setError(null);
    setDone(null);
    setStage("start");
    try {
      const res = await fetch(`/api/v1/phonebooks/${encodeURIComponent(phonebookName)}/publish?progress=ndjson`, { method: "POST" });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `Publish failed (HTTP ${res.status})`);
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done: isDone } = await reader.read();
        if (isDone) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const raw of lines.filter(Boolean)) {
          const line = JSON.parse(raw) as TLine;
          if (line.stage) setStage(line.stage);
          if (line.error) throw new Error(line.error.message);
          if (line.result) {
            setStage("done");
            setDone(line.result);
          }
        }
      }
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
      setStage(null);
    }
  }

  const { counts } = preview;
  return (
    <Card className="mb-4">
      <div className="flex flex-wrap items-center gap-4">
        <div>
          <h2 className="font-medium">Publish version {preview.nextVersion}</h2>
          <p className="text-sm text-slate-600" data-testid="publish-preview">
            {preview.hasChanges
              ? `${counts.added} added · ${counts.changed} changed · ${counts.removed} removed${preview.regionsChanged ? " · regions changed" : ""} · ${preview.popCount.toLocaleString("en")} POPs in service`
              : `Nothing changed since version ${preview.currentVersion}.`}
          </p>
        </div>
        <Button className="ml-auto" onClick={() => void onPublish()} disabled={isRunning || !preview.hasChanges}>
          {isRunning ? "Publishing…" : "Publish"}
        </Button>
      </div>
      {preview.warnings.map((w) => (
        <p key={w} className="mt-2 text-sm text-amber-700">
          ⚠ {w}
        </p>
      ))}
      {stage && stage !== "start" ? (
        <div className="mt-3">
          <Progress value={pct} aria-label="Publish progress" />
          <p className="mt-1 text-xs text-slate-600">{STAGES.find((s) => s.key === stage)?.label}</p>
        </div>
      ) : null}
      {error ? (
        <div className="mt-3">
          <Alert variant="destructive">{error}</Alert>
        </div>
      ) : null}
      {done ? (
        <div className="mt-3">
          <Alert variant="success">
            Published version {done.version}: {done.artifacts.map((a) => `${a.name} (${a.size.toLocaleString("en")} B)`).join(", ")}
          </Alert>
        </div>
      ) : null}
    </Card>
  );
}
