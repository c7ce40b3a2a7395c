import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { listCountryOptions } from "@/lib/phonebook/countries";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { db } from "@/lib/server/db";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { listRegions } from "@/lib/server/regions/list-regions";
import { PopForm } from "../_components/pop-form";

export const metadata: Metadata = { title: "Add POP" };

export default async function NewPopPage({ params }: { params: Promise<{ name: string }> }) {
  const actor = await requirePageActor("editor");
  const { name } = await params;
  const phonebook = await getPhonebookForPage(actor, name);
  const [regions, last] = await Promise.all([
    listRegions({ actor, phonebookName: phonebook.name }),
    db.pop.findFirst({ where: { phonebookId: phonebook.id }, orderBy: { popIndex: "desc" }, select: { popIndex: true } }),
  ]);
  return (
    <>
      <PageHeader title="Add POP" description={`New point of presence in ${phonebook.name}`} />
      <PopForm
        phonebookName={phonebook.name}
        pop={null}
        regions={regions}
        countries={listCountryOptions()}
        canEdit
        suggestedIndex={Math.min((last?.popIndex ?? 0) + 1, 2_147_483_647)}
      />
    </>
  );
}
