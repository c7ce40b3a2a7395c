"use client";

import { useRouter } from "next/navigation";
import { useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type TIssue = { file: string; line: number | null; column?: number; message: string };
type TAnswer = {
  version: number;
  pops: number;
  regions: { position: number; name: string }[];
  warnings: TIssue[];
  totalWarnings: number;
  files: { pbk: string; pbr: string; ver: string | null };
  dryRun: boolean;
};
type TError = { message: string; errors: TIssue[]; total: number };

const where = (i: TIssue) => (i.line === null ? i.file : `${i.file} line ${i.line}${i.column === undefined ? "" : `, column ${i.column}`}`);
const MAX_SHOWN = 200;

/** The answer of the API, or its error (message plus the issues of details.errors). */
async function call(url: string, init: RequestInit): Promise<{ ok: true; data: TAnswer } | { ok: false; error: TError }> {
  const res = await fetch(url, init);
  const json = (await res.json().catch(() => ({}))) as {
    error?: { message?: string; details?: { errors?: TIssue[]; total?: number } };
  } & Partial<TAnswer>;
  if (res.ok) return { ok: true, data: json as TAnswer };
  const errors = json.error?.details?.errors ?? [];
  return {
    ok: false,
    error: { message: json.error?.message ?? `HTTP ${res.status}`, errors, total: json.error?.details?.total ?? errors.length },
  };
}

/**
 * "Adopt from PBA/PBS": name a new (or empty, never published) phone book, drop the Full cab
 * or the .pbk/.pbr/.ver, see a preview (POST …/adopt?dryRun=true), then confirm.
 */
export function AdoptPhonebookForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [version, setVersion] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<TAnswer | null>(null);
  const [error, setError] = useState<TError | null>(null);
  const [done, setDone] = useState<TAnswer | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = (list: FileList | null) => {
    setFiles(list ? Array.from(list) : []);
    setPreview(null);
    setError(null);
    setDone(null);
  };

  async function send(dryRun: boolean) {
    const pb = name.trim();
    if (!pb || files.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      if (dryRun) {
        // The phone book must exist: create it when it does not (an empty one).
        const exists = await fetch(`/api/v1/phonebooks/${encodeURIComponent(pb)}`);
        if (exists.status === 404) {
          const created = await call("/api/v1/phonebooks", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ name: pb, description: "Adopted from PBA/PBS" }),
          });
          if (!created.ok) return setError(created.error);
          router.refresh();
        }
      }
      const form = new FormData();
      for (const f of files) form.append("file", f, f.name);
      const q = new URLSearchParams({ dryRun: String(dryRun) });
      if (version.trim()) q.set("version", version.trim());
      const answer = await call(`/api/v1/phonebooks/${encodeURIComponent(pb)}/adopt?${q.toString()}`, { method: "POST", body: form });
      if (!answer.ok) {
        setPreview(null);
        return setError(answer.error);
      }
      if (dryRun) setPreview(answer.data);
      else {
        setDone(answer.data);
        setPreview(null);
        router.refresh();
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3" data-testid="adopt-form">
      <h2 className="text-sm font-semibold">Adopt from PBA/PBS</h2>
      <p className="text-xs text-slate-600">
        Take over a phone book Connection Manager clients already hold, at its version: clients at that version get no update, the next
        publish sends them a delta.
      </p>
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-48">
          <Field label="Phone book name" htmlFor="adopt-name" hint="new, or empty and never published">
            <Input id="adopt-name" value={name} maxLength={40} onChange={(e) => setName(e.target.value)} />
          </Field>
        </div>
        <div className="w-40">
          <Field label="Version" htmlFor="adopt-version" hint="only without a .ver">
            <Input id="adopt-version" inputMode="numeric" value={version} onChange={(e) => setVersion(e.target.value)} />
          </Field>
        </div>
        <div
          className="flex min-w-64 flex-1 flex-col gap-1 rounded-lg border-2 border-dashed border-slate-300 p-3 text-sm text-slate-600"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e: DragEvent) => {
            e.preventDefault();
            pick(e.dataTransfer.files);
          }}
        >
          <span>Drop the Full cab (or a zip, or the .pbk, .pbr and .ver) here, or</span>
          <input
            type="file"
            multiple
            accept=".cab,.zip,.pbk,.pbr,.ver"
            aria-label="Choose the cab or files to adopt"
            onChange={(e) => pick(e.target.files)}
          />
          {files.length ? (
            <span className="text-xs">{files.map((f) => `${f.name} (${f.size.toLocaleString("en")} bytes)`).join(", ")}</span>
          ) : null}
        </div>
        <Button type="button" className="mt-5" disabled={busy || !name.trim() || files.length === 0} onClick={() => void send(true)}>
          {busy && !preview ? "Checking…" : "Preview"}
        </Button>
      </div>

      {error ? (
        <Alert variant="destructive">
          <p>{error.message}</p>
          {error.errors.length > 1 ? (
            <ul className="mt-1 max-h-48 list-disc overflow-y-auto pl-5 text-xs" data-testid="adopt-errors">
              {error.errors.slice(0, MAX_SHOWN).map((e, i) => (
                <li key={i}>
                  {where(e)}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}

      {preview ? (
        <div className="space-y-2 text-sm" data-testid="adopt-preview">
          <p>
            <strong>{preview.pops.toLocaleString("en")} POPs</strong> at <strong>version {preview.version}</strong>, from{" "}
            {[preview.files.pbk, preview.files.pbr, preview.files.ver].filter(Boolean).join(", ")}.
          </p>
          <p>
            Regions in .pbr order ({preview.regions.length}):{" "}
            {preview.regions.length ? preview.regions.map((r) => `${r.position}. ${r.name}`).join(" · ") : "none"}
          </p>
          {preview.totalWarnings ? (
            <details open={preview.totalWarnings <= 20}>
              <summary>
                {preview.totalWarnings.toLocaleString("en")} warning(s): what clients accept but we store or write otherwise
              </summary>
              <ul className="mt-1 max-h-48 list-disc overflow-y-auto pl-5 text-xs" data-testid="adopt-warnings">
                {preview.warnings.slice(0, MAX_SHOWN).map((w, i) => (
                  <li key={i}>
                    {where(w)}: {w.message}
                  </li>
                ))}
              </ul>
            </details>
          ) : (
            <p>No warnings.</p>
          )}
          <Button type="button" disabled={busy} onClick={() => void send(false)}>
            {busy ? "Adopting…" : `Adopt ${name.trim()} at version ${preview.version}`}
          </Button>
        </div>
      ) : null}

      {done ? (
        <Alert variant="success">
          Adopted {name.trim()} at version {done.version}: {done.pops.toLocaleString("en")} POPs, {done.regions.length} regions. Clients at
          version {done.version} get no update; the next publish is version {done.version + 1}.
        </Alert>
      ) : null}
    </div>
  );
}
