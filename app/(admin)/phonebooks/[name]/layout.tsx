import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { describePhonebook } from "@/lib/server/phonebooks/list-phonebooks";
import { PhonebookTabs } from "./phonebook-tabs";

export default async function PhonebookLayout({ children, params }: { children: ReactNode; params: Promise<{ name: string }> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  const phonebook = await getPhonebookForPage(actor, name);
  const summary = await describePhonebook(phonebook.id);
  const base = `/phonebooks/${encodeURIComponent(phonebook.name)}`;
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <Link href="/phonebooks" className="text-sm text-slate-500 hover:text-brand">
          Phone books /
        </Link>
        <h1 className="text-xl font-semibold" data-testid="phonebook-title">
          {phonebook.name}
        </h1>
        <span className="text-sm text-slate-600">{phonebook.description}</span>
        <span className="ml-auto flex gap-2 text-sm">
          <Badge>{summary.popCount.toLocaleString("en")} POPs</Badge>
          <Badge variant="info">{summary.currentVersion === 0 ? "never published" : `version ${summary.currentVersion}`}</Badge>
          <Badge variant={summary.pendingChanges ? "warning" : "success"}>{summary.pendingChanges.toLocaleString("en")} pending</Badge>
        </span>
      </div>
      <PhonebookTabs
        tabs={[
          { href: `${base}/pops`, label: "POPs" },
          { href: `${base}/regions`, label: "Regions" },
          { href: `${base}/import`, label: "Import" },
          { href: `${base}/versions`, label: "Versions" },
          { href: `${base}/dashboard`, label: "Dashboard" },
        ]}
      />
      {children}
    </div>
  );
}
