import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card, PageHeader } from "@/components/ui/card";
import { ZAuditQuery } from "@/lib/schemas/audit";
import { listAudit } from "@/lib/server/audit/list-audit";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { DateTime } from "@/components/date-time";

export const metadata: Metadata = { title: "Audit log" };

type TSearch = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const actor = await requirePageActor();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  const parsed = ZAuditQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : ZAuditQuery.parse({});
  const result = await listAudit({ actor, query });
  // The export takes the applied date filters (not the other ones): the whole days, UTC.
  const exportLink = (format: "csv" | "jsonl") => {
    const p = new URLSearchParams({ format });
    if (query.from) p.set("from", query.from);
    if (query.to) p.set("to", query.to);
    return `/api/v1/audit/export?${p.toString()}`;
  };
  const exportRange = query.from || query.to ? `${query.from ?? "the first event"} to ${query.to ?? "today"} (UTC)` : "all dates";
  const pageLink = (page: number) => {
    const p = new URLSearchParams(Object.entries({ ...raw, page: String(page) }).filter((e): e is [string, string] => Boolean(e[1])));
    return `/audit?${p.toString()}`;
  };
  return (
    <>
      <PageHeader title="Audit log" description="Every change from the UI, the API, imports and publishes, with before and after." />
      {parsed.success ? null : <Alert variant="destructive">Invalid filter ignored: {parsed.error.issues[0]?.message}</Alert>}
      <Card className="mb-3">
        <form className="flex flex-wrap items-end gap-2 text-sm" method="get">
          <label className="flex flex-col text-xs">
            User
            <input name="actor" defaultValue={query.actor ?? ""} className="rounded border border-slate-300 px-2 py-1" />
          </label>
          <label className="flex flex-col text-xs">
            Phone book
            <input name="phonebook" defaultValue={query.phonebook ?? ""} className="w-28 rounded border border-slate-300 px-2 py-1" />
          </label>
          <label className="flex flex-col text-xs">
            Action
            <select name="action" defaultValue={query.action ?? ""} className="rounded border border-slate-300 px-2 py-1">
              <option value="">any</option>
              {result.actions.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-xs">
            From
            <input type="date" name="from" defaultValue={query.from ?? ""} className="rounded border border-slate-300 px-2 py-1" />
          </label>
          <label className="flex flex-col text-xs">
            To
            <input type="date" name="to" defaultValue={query.to ?? ""} className="rounded border border-slate-300 px-2 py-1" />
          </label>
          <button className="rounded bg-brand px-3 py-1.5 text-white">Filter</button>
          <Link href="/audit" className="text-slate-600 underline">
            Clear
          </Link>
          <span className="ml-auto flex items-center gap-2 text-xs text-slate-600" data-testid="audit-export">
            Download {exportRange}:
            <a href={exportLink("csv")} download className="rounded border border-slate-300 px-2 py-1 text-slate-800 hover:bg-slate-100">
              CSV
            </a>
            <a href={exportLink("jsonl")} download className="rounded border border-slate-300 px-2 py-1 text-slate-800 hover:bg-slate-100">
              JSON Lines
            </a>
          </span>
        </form>
      </Card>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm" data-testid="audit-table">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">When (UTC)</th>
              <th className="px-3 py-2">Who</th>
              <th className="px-3 py-2">Phone book</th>
              <th className="px-3 py-2">Action</th>
              <th className="px-3 py-2">What</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                  <DateTime value={r.createdAt} precision="second" />
                </td>
                <td className="px-3 py-2">{r.actor}</td>
                <td className="px-3 py-2">{r.phonebook ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
                <td className="px-3 py-2">
                  {r.summary}
                  {r.before !== null || r.after !== null ? (
                    <details className="mt-1 text-xs">
                      <summary className="cursor-pointer text-slate-500">before / after</summary>
                      <div className="grid gap-2 md:grid-cols-2">
                        <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2">{JSON.stringify(r.before, null, 2)}</pre>
                        <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2">{JSON.stringify(r.after, null, 2)}</pre>
                      </div>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
            {result.rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-500">
                  No event matches.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <div className="flex items-center gap-3 border-t border-slate-200 px-3 py-2 text-sm text-slate-600">
          <span>
            {result.total.toLocaleString("en")} events · page {result.page} of {result.pageCount}
          </span>
          {result.page > 1 ? <Link href={pageLink(result.page - 1)}>‹ Newer</Link> : null}
          {result.page < result.pageCount ? <Link href={pageLink(result.page + 1)}>Older ›</Link> : null}
        </div>
      </Card>
    </>
  );
}
