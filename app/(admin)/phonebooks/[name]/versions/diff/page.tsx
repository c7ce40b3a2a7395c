import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { MAX_VERSIONS } from "@/lib/phonebook/limits";
import { parsePbkLine } from "@/lib/phonebook/parse-pbk-line";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { AppError } from "@/lib/server/errors";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { diffVersions } from "@/lib/server/versions/diff-versions";

export const metadata: Metadata = { title: "Version diff" };

const FIELDS = ["countryCode", "regionPos", "name", "areaCode", "accessNumber", "minSpeed", "maxSpeed", "flags", "dialupEntry"] as const;

function Line({ line, other }: { line: string; other?: string }) {
  const a = parsePbkLine(line);
  const b = other ? parsePbkLine(other) : null;
  return (
    <>
      {FIELDS.map((f) => (
        <td key={f} className={b && String(a[f]) !== String(b[f]) ? "bg-amber-100 font-medium" : ""}>
          {a[f] ?? ""}
        </td>
      ))}
    </>
  );
}

export default async function DiffPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requirePageActor();
  const { name } = await params;
  const q = await searchParams;
  const phonebook = await getPhonebookForPage(actor, name);
  const from = Number(q.from ?? 0);
  const to = Number(q.to ?? phonebook.currentVersion);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 1 || from > MAX_VERSIONS || to > MAX_VERSIONS) {
    return <Alert variant="destructive">Choose two versions to compare.</Alert>;
  }
  let diff;
  try {
    diff = await diffVersions({ actor, phonebookName: phonebook.name, from, to });
  } catch (error) {
    if (error instanceof AppError) return <Alert variant="destructive">{error.message}</Alert>;
    throw error;
  }
  const head = (
    <tr className="text-left text-xs uppercase text-slate-500">
      <th>Index</th>
      <th />
      {FIELDS.map((f) => (
        <th key={f}>{f}</th>
      ))}
    </tr>
  );
  return (
    <Card>
      <div className="mb-3 flex items-center gap-3">
        <h2 className="font-medium">
          Version {from} → {to}
        </h2>
        <span className="text-sm" data-testid="diff-summary">
          <span className="text-green-700">{diff.added.length} added</span> ·{" "}
          <span className="text-amber-700">{diff.changed.length} changed</span> ·{" "}
          <span className="text-red-700">{diff.removed.length} removed</span>
          {diff.regionsBefore !== diff.regionsAfter ? " · regions changed" : ""}
        </span>
        <Link href={`/phonebooks/${encodeURIComponent(phonebook.name)}/versions`} className="ml-auto text-sm text-brand">
          Back to versions
        </Link>
      </div>
      <table className="w-full text-sm">
        <thead>{head}</thead>
        <tbody>
          {diff.added.slice(0, 2000).map((l) => (
            <tr key={`a${l}`} className="border-t border-slate-100 bg-green-50">
              <td>{parsePbkLine(l).popIndex}</td>
              <td className="text-green-700">added</td>
              <Line line={l} />
            </tr>
          ))}
          {diff.changed.slice(0, 2000).flatMap((c) => [
            <tr key={`b${c.before}`} className="border-t border-slate-100">
              <td rowSpan={2}>{parsePbkLine(c.after).popIndex}</td>
              <td className="text-slate-500">before</td>
              <Line line={c.before} other={c.after} />
            </tr>,
            <tr key={`c${c.after}`}>
              <td className="text-amber-700">after</td>
              <Line line={c.after} other={c.before} />
            </tr>,
          ])}
          {diff.removed.slice(0, 2000).map((l) => (
            <tr key={`r${l}`} className="border-t border-slate-100 bg-red-50">
              <td>{parsePbkLine(l).popIndex}</td>
              <td className="text-red-700">removed</td>
              <Line line={l} />
            </tr>
          ))}
        </tbody>
      </table>
      {diff.added.length + diff.changed.length + diff.removed.length > 2000 ? (
        <p className="mt-2 text-xs text-slate-500">Showing the first 2,000 lines of each kind.</p>
      ) : null}
    </Card>
  );
}
