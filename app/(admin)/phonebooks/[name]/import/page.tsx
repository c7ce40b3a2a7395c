import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { db } from "@/lib/server/db";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { MAX_CHANGES_PUBLISHED, MAX_IMPORT_UNPUBLISHED } from "@/lib/phonebook/limits";
import { ImportWizard } from "./import-wizard";
import { DateTime } from "@/components/date-time";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ params }: { params: Promise<{ name: string }> }) {
  const actor = await requirePageActor("editor");
  const { name } = await params;
  const phonebook = await getPhonebookForPage(actor, name);
  const [history, pending] = await Promise.all([
    db.auditEvent.findMany({
      where: { orgId: actor.orgId, phonebookId: phonebook.id, action: "pop.import" },
      orderBy: { createdAt: "desc" },
      take: 20,
    }),
    db.pendingChange.count({ where: { phonebookId: phonebook.id } }),
  ]);
  const limit =
    phonebook.currentVersion === 0
      ? `Never published: the file may hold up to ${MAX_IMPORT_UNPUBLISHED.toLocaleString("en")} POPs.`
      : `Published: up to ${MAX_CHANGES_PUBLISHED.toLocaleString("en")} changes per version; ${pending.toLocaleString("en")} pending now.`;
  return (
    <div className="space-y-4">
      <Card>
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm text-slate-600">
            CSV with a header row (
            <code>
              popIndex, countryCode, region, name, areaCode, accessNumber, minSpeed, maxSpeed, flags, dialupEntry, inService, comment,
              action
            </code>
            ) or PBA&apos;s headerless POP input format. {limit}
          </p>
          <a className="text-sm text-brand underline" href={`/api/v1/phonebooks/${encodeURIComponent(phonebook.name)}/export.csv`}>
            Export current POPs as CSV
          </a>
        </div>
        <ImportWizard phonebookName={phonebook.name} />
      </Card>
      <Card>
        <h2 className="mb-2 font-medium">Import history</h2>
        {history.length === 0 ? <p className="text-sm text-slate-500">No import yet.</p> : null}
        <ul className="space-y-1 text-sm" data-testid="import-history">
          {history.map((h) => (
            <li key={h.id}>
              <DateTime value={h.createdAt} className="tabular-nums text-slate-500" /> · {h.actorLabel} · {h.summary}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
