import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { listRegions } from "@/lib/server/regions/list-regions";
import { RegionsEditor } from "./regions-editor";

export const metadata: Metadata = { title: "Regions" };

export default async function RegionsPage({ params }: { params: Promise<{ name: string }> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  const phonebook = await getPhonebookForPage(actor, name);
  const regions = await listRegions({ actor, phonebookName: phonebook.name });
  return (
    <Card>
      <p className="mb-3 text-sm text-slate-600">
        Regions group POPs geographically. Each keeps the <code>.pbr</code> position it was given when created, so adding, renaming or
        deleting a region never changes another region&apos;s POPs; a new region takes the lowest free position. POPs without a region
        belong to all regions (position 0).
      </p>
      <RegionsEditor phonebookName={phonebook.name} regions={regions} canEdit={hasRole(actor.role, "editor")} />
    </Card>
  );
}
