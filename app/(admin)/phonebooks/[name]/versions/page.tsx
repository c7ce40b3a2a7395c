import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { listVersions } from "@/lib/server/versions/list-versions";
import { previewPublish } from "@/lib/server/versions/preview-publish";
import { PublishPanel } from "./publish-panel";
import { RestoreButton } from "./restore-button";
import { VersionChart } from "./version-chart";
import { DateTime } from "@/components/date-time";

export const metadata: Metadata = { title: "Versions" };

export default async function VersionsPage({ params }: { params: Promise<{ name: string }> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  const phonebook = await getPhonebookForPage(actor, name);
  const canPublish = hasRole(actor.role, "admin");
  const [versions, preview] = await Promise.all([
    listVersions({ actor, phonebookName: phonebook.name }),
    canPublish ? previewPublish({ actor, phonebookName: phonebook.name }) : Promise.resolve(null),
  ]);
  const api = `/api/v1/phonebooks/${encodeURIComponent(phonebook.name)}/versions`;
  const base = `/phonebooks/${encodeURIComponent(phonebook.name)}/versions`;
  return (
    <>
      {preview ? <PublishPanel phonebookName={phonebook.name} preview={preview} /> : null}
      <Card>
        <div className="mb-3 flex flex-wrap items-end justify-between gap-2">
          <h2 className="font-medium">Version history</h2>
          {versions.length >= 1 ? (
            <form action={`${base}/diff`} method="get" className="flex items-end gap-2 text-sm">
              <label className="flex flex-col text-xs">
                From
                <select
                  name="from"
                  defaultValue={Math.max(0, (versions[0]?.version ?? 1) - 1)}
                  className="rounded border border-slate-300 px-2 py-1"
                >
                  <option value={0}>0 (empty)</option>
                  {versions.map((v) => (
                    <option key={v.version}>{v.version}</option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col text-xs">
                To
                <select name="to" defaultValue={versions[0]?.version} className="rounded border border-slate-300 px-2 py-1">
                  {versions.map((v) => (
                    <option key={v.version}>{v.version}</option>
                  ))}
                </select>
              </label>
              <button className="rounded border border-slate-300 bg-white px-3 py-1">Compare</button>
            </form>
          ) : null}
        </div>
        {versions.length === 0 ? <p className="text-sm text-slate-500">Never published.</p> : <VersionChart versions={versions} />}
        {versions.length > 0 ? (
          <table className="w-full text-sm [&_td]:px-2 [&_th]:px-2" data-testid="versions-table">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="py-1">Version</th>
                <th>Published (UTC)</th>
                <th>By</th>
                <th className="text-right">POPs</th>
                <th className="text-right">Changes</th>
                <th>Files</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.map((v, i) => (
                <tr key={v.version} className="border-t border-slate-100 align-top">
                  <td className="py-1 font-medium">
                    {v.version}
                    {i === 0 ? <span className="ml-1 text-xs text-green-700">current</span> : null}
                  </td>
                  <td className="tabular-nums">
                    <DateTime value={v.createdAt} />
                  </td>
                  <td>{v.createdBy}</td>
                  <td className="text-right tabular-nums">{v.popCount.toLocaleString("en")}</td>
                  <td className="text-right tabular-nums">
                    {v.origin === "adopted" ? (
                      <span className="text-xs text-slate-600" title={`Adopted from ${v.sourceFiles.join(", ")}`}>
                        adopted from {v.sourceFiles.join(", ")}
                      </span>
                    ) : (
                      <>
                        <span className="text-green-700">+{v.added}</span> <span className="text-amber-700">~{v.changed}</span>{" "}
                        <span className="text-red-700">−{v.removed}</span>
                      </>
                    )}
                  </td>
                  <td className="max-w-md">
                    <span className="flex flex-wrap gap-x-2 text-xs">
                      {v.artifacts.map((a) => (
                        <a
                          key={a.name}
                          href={`${api}/${v.version}/files/${encodeURIComponent(a.name)}`}
                          className="text-brand hover:underline"
                          title={`${a.size.toLocaleString("en")} bytes, sha256 ${a.sha256}`}
                        >
                          {a.name}
                        </a>
                      ))}
                      <a href={`${api}/${v.version}/bundle.zip`} className="font-medium text-brand hover:underline">
                        bundle.zip
                      </a>
                    </span>
                  </td>
                  <td className="whitespace-nowrap text-right">
                    <Link href={`${base}/diff?from=${v.version - 1}&to=${v.version}`} className="mr-2 text-xs text-brand hover:underline">
                      diff
                    </Link>
                    {canPublish && i > 0 ? <RestoreButton phonebookName={phonebook.name} version={v.version} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
    </>
  );
}
