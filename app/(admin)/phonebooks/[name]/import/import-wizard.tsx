"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, type DragEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { IMPORT_COLUMNS, type TImportColumn } from "@/lib/import/import-columns";
import { parseImport } from "@/lib/import/parse-import";
import type { TImportError } from "@/lib/import/types";

type TResult = {
  dryRun: boolean;
  format: string;
  rows: number;
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
  newRegions: string[];
  pendingAfter: number;
  warnings: TImportError[];
  totalWarnings: number;
};
type TAnswer =
  | { ok: true; result: TResult }
  | { ok: false; status: number; message: string; errors: TImportError[]; total: number; stoppedAtLine: number | null };
type TPhase = { kind: "idle" } | { kind: "upload"; pct: number; label: string } | { kind: "server"; label: string };

const PREVIEW_BYTES = 64 * 1024;
const ERRORS_PER_PAGE = 50;

/** Sends the file with upload progress (XHR), returns the parsed answer. */
function send(url: string, file: File, onProgress: (pct: number) => void): Promise<TAnswer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((100 * e.loaded) / e.total));
    xhr.onerror = () =>
      resolve({ ok: false, status: 0, message: "Network error: the file could not be sent", errors: [], total: 0, stoppedAtLine: null });
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 200) return resolve({ ok: true, result: body as TResult });
      type TDetails = { errors?: TImportError[]; total?: number; stoppedAtLine?: number | null };
      const err = (body as { error?: { message?: string; details?: TDetails } } | null)?.error;
      resolve({
        ok: false,
        status: xhr.status,
        message: err?.message ?? `HTTP ${xhr.status}`,
        errors: err?.details?.errors ?? [],
        total: err?.details?.total ?? 0,
        stoppedAtLine: err?.details?.stoppedAtLine ?? null,
      });
    };
    xhr.send(file);
  });
}

/** Pick → preview and mapping (in the browser, first 64 KB) → server check (dry run) → confirm → commit. */
export function ImportWizard({ phonebookName }: { phonebookName: string }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [head, setHead] = useState<string>("");
  const [mapping, setMapping] = useState<Record<number, TImportColumn | null>>({});
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const [phase, setPhase] = useState<TPhase>({ kind: "idle" });
  const [check, setCheck] = useState<TAnswer | null>(null);
  const [done, setDone] = useState<TResult | null>(null);
  const [errorFilter, setErrorFilter] = useState("");
  const [errorPage, setErrorPage] = useState(0);

  const preview = useMemo(() => {
    if (!head) return null;
    // Only whole lines of the first 64 KB: the preview never blocks on a large file.
    const text = head.length >= PREVIEW_BYTES ? head.slice(0, head.lastIndexOf("\n") + 1) : head;
    return parseImport(text, { mapping: Object.keys(mapping).length ? mapping : undefined, maxErrors: 20 });
  }, [head, mapping]);

  async function onFile(next: File | null) {
    setFile(next);
    setCheck(null);
    setDone(null);
    setMapping({});
    setHead(next ? await next.slice(0, PREVIEW_BYTES).text() : "");
  }

  function url(dryRun: boolean) {
    const q = new URLSearchParams({ mode, dryRun: String(dryRun), fileName: file?.name ?? "" });
    if (Object.keys(mapping).length) q.set("mapping", JSON.stringify(mapping));
    return `/api/v1/phonebooks/${encodeURIComponent(phonebookName)}/imports?${q.toString()}`;
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setDone(null);
    setErrorPage(0);
    setPhase({ kind: "upload", pct: 0, label: "Uploading" });
    const answer = await send(url(dryRun), file, (pct) => {
      setPhase(
        pct < 100
          ? { kind: "upload", pct, label: "Uploading" }
          : { kind: "server", label: dryRun ? "Validating every row on the server…" : "Committing in one transaction…" },
      );
    });
    setPhase({ kind: "idle" });
    if (dryRun) setCheck(answer);
    else if (answer.ok) {
      setDone(answer.result);
      setCheck(null);
      router.refresh();
    } else setCheck(answer);
  }

  const errors =
    check && !check.ok
      ? check.errors.filter((e) => !errorFilter || `${e.line} ${e.field} ${e.message}`.toLowerCase().includes(errorFilter.toLowerCase()))
      : [];
  const shown = errors.slice(errorPage * ERRORS_PER_PAGE, (errorPage + 1) * ERRORS_PER_PAGE);
  const isBusy = phase.kind !== "idle";

  return (
    <div className="space-y-4">
      <div
        className="flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed border-slate-300 p-6 text-sm text-slate-600"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e: DragEvent) => {
          e.preventDefault();
          void onFile(e.dataTransfer.files[0] ?? null);
        }}
      >
        <p>Drop a CSV file here, or</p>
        <input
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          aria-label="Choose a CSV file"
          onChange={(e) => void onFile(e.target.files?.[0] ?? null)}
        />
        {file ? (
          <p>
            <strong>{file.name}</strong> · {file.size.toLocaleString("en")} bytes
          </p>
        ) : null}
      </div>

      {preview ? (
        <div className="space-y-2">
          <p className="text-sm">
            Detected{" "}
            <strong>
              {preview.format === "pba" ? "PBA POP input format (no header)" : `CSV with a header, “${preview.delimiter}” separated`}
            </strong>
            .{preview.format === "csv" ? " Adjust the column mapping if needed:" : ""}
          </p>
          {preview.fileErrors.length ? <Alert variant="destructive">{preview.fileErrors.map((e) => e.message).join("; ")}</Alert> : null}
          <div className="overflow-x-auto">
            <table className="text-xs" data-testid="import-preview">
              <thead>
                <tr>
                  {preview.columnMap.map((col, i) => (
                    <th key={i} className="px-1 py-1 text-left">
                      {preview.format === "csv" ? (
                        <NativeSelect
                          aria-label={`Column ${i + 1} (${preview.headers[i] ?? ""})`}
                          className="w-32 text-xs"
                          value={col ?? ""}
                          onChange={(e) =>
                            setMapping({
                              ...Object.fromEntries(preview.columnMap.map((c, j) => [j, c])),
                              [i]: (e.target.value || null) as TImportColumn | null,
                            })
                          }
                        >
                          <option value="">(ignore)</option>
                          {IMPORT_COLUMNS.map((c) => (
                            <option key={c} value={c}>
                              {c}
                            </option>
                          ))}
                        </NativeSelect>
                      ) : (
                        col
                      )}
                      <div className="font-normal text-slate-500">{preview.headers[i] ?? ""}</div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.slice(0, 8).map((r) => (
                  <tr key={r.line} className="border-t border-slate-100">
                    {(r.raw ?? []).map((cell, i) => (
                      <td key={i} className="px-1 py-0.5">
                        {cell}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="flex flex-wrap items-end gap-3">
            <label className="text-sm">
              Mode{" "}
              <NativeSelect
                className="w-80"
                value={mode}
                onChange={(e) => setMode(e.target.value as "merge" | "replace")}
                aria-label="Import mode"
              >
                <option value="merge">Merge — add and update rows, action=delete removes</option>
                <option value="replace">Replace — the file is the whole phone book</option>
              </NativeSelect>
            </label>
            <Button onClick={() => void run(true)} disabled={isBusy || !file}>
              Check file
            </Button>
          </div>
        </div>
      ) : null}

      {phase.kind !== "idle" ? (
        <div
          role="progressbar"
          aria-label={phase.label}
          aria-valuenow={phase.kind === "upload" ? phase.pct : undefined}
          className="space-y-1"
        >
          <div className="h-2 overflow-hidden rounded bg-slate-100">
            <div
              className={phase.kind === "upload" ? "h-2 bg-brand transition-all" : "h-2 w-1/3 animate-pulse bg-brand"}
              style={phase.kind === "upload" ? { width: `${phase.pct}%` } : undefined}
            />
          </div>
          <p className="text-xs text-slate-600">
            {phase.label}
            {phase.kind === "upload" ? ` ${phase.pct}%` : ""}
          </p>
        </div>
      ) : null}

      {check?.ok ? (
        <div className="space-y-2 rounded-md border border-slate-200 p-3" data-testid="import-check">
          <p className="text-sm">
            {check.result.rows.toLocaleString("en")} rows checked: <strong className="text-green-700">{check.result.added} to add</strong>,{" "}
            <strong className="text-amber-700">{check.result.updated} to update</strong>,{" "}
            <strong className="text-red-700">{check.result.deleted} to delete</strong>, {check.result.unchanged} unchanged.
            {check.result.newRegions.length ? ` New regions: ${check.result.newRegions.join(", ")}.` : ""}
          </p>
          {check.result.totalWarnings > 0 ? (
            <div data-testid="import-warnings">
              <p className="text-sm text-amber-800">
                {check.result.totalWarnings.toLocaleString("en")} value(s) will be stored as Connection Manager reads them:
              </p>
              <ul className="max-h-48 overflow-auto text-xs text-slate-700">
                {check.result.warnings.slice(0, ERRORS_PER_PAGE).map((w) => (
                  <li key={`${w.line}:${w.column}`}>
                    Line {w.line}
                    {w.column ? `, column ${w.column}` : ""}: {w.message}
                  </li>
                ))}
                {check.result.totalWarnings > ERRORS_PER_PAGE ? <li>…</li> : null}
              </ul>
            </div>
          ) : null}
          <Button
            onClick={() => void run(false)}
            disabled={isBusy || check.result.added + check.result.updated + check.result.deleted === 0}
          >
            Import {(check.result.added + check.result.updated + check.result.deleted).toLocaleString("en")} changes
          </Button>
        </div>
      ) : null}

      {check && !check.ok ? (
        <div className="space-y-2" data-testid="import-errors">
          <Alert variant="destructive">{check.message}</Alert>
          {check.errors.length ? (
            <>
              <div className="flex items-center gap-2 text-sm">
                <Input
                  className="w-64"
                  placeholder="Filter errors"
                  aria-label="Filter errors"
                  value={errorFilter}
                  onChange={(e) => {
                    setErrorFilter(e.target.value);
                    setErrorPage(0);
                  }}
                />
                <span>
                  {errors.length.toLocaleString("en")} shown of {check.stoppedAtLine === null ? "" : "more than "}
                  {(check.stoppedAtLine === null ? check.total : check.errors.length).toLocaleString("en")}
                </span>
                <Button size="sm" variant="outline" disabled={errorPage === 0} onClick={() => setErrorPage(errorPage - 1)}>
                  ‹
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  disabled={(errorPage + 1) * ERRORS_PER_PAGE >= errors.length}
                  onClick={() => setErrorPage(errorPage + 1)}
                >
                  ›
                </Button>
              </div>
              <table className="w-full text-sm">
                <thead className="text-left text-xs uppercase text-slate-500">
                  <tr>
                    <th>Line</th>
                    <th>Column</th>
                    <th>Field</th>
                    <th>Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((e, i) => (
                    <tr key={`${e.line}-${e.column}-${i}`} className="border-t border-slate-100">
                      <td className="tabular-nums">{e.line}</td>
                      <td className="tabular-nums">{e.column || ""}</td>
                      <td>{e.field}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </div>
      ) : null}

      {done ? (
        <Alert variant="success">
          Imported: {done.added} added, {done.updated} updated, {done.deleted} deleted, {done.unchanged} unchanged
          {done.newRegions.length ? `; new regions ${done.newRegions.join(", ")}` : ""}. {done.pendingAfter.toLocaleString("en")} changes
          now wait for the next publish.
        </Alert>
      ) : null}
    </div>
  );
}
