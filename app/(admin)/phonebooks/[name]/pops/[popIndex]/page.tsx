import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { listCountryOptions } from "@/lib/phonebook/countries";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { AppError } from "@/lib/server/errors";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { getPop } from "@/lib/server/pops/get-pop";
import { listRegions } from "@/lib/server/regions/list-regions";
import { PopForm } from "../_components/pop-form";

export const metadata: Metadata = { title: "Edit POP" };

export default async function EditPopPage({ params }: { params: Promise<{ name: string; popIndex: string }> }) {
  const actor = await requirePageActor();
  const { name, popIndex } = await params;
  const phonebook = await getPhonebookForPage(actor, name);
  if (!/^\d{1,10}$/.test(popIndex) || Number(popIndex) < 1 || Number(popIndex) > 2_147_483_647) notFound();
  const pop = await getPop({ actor, phonebookName: phonebook.name, popIndex: Number(popIndex) }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const regions = await listRegions({ actor, phonebookName: phonebook.name });
  const canEdit = hasRole(actor.role, "editor");
  return (
    <>
      <PageHeader title={`POP ${pop.popIndex}`} description={pop.name || pop.accessNumber} />
      <PopForm
        phonebookName={phonebook.name}
        pop={pop}
        regions={regions}
        countries={listCountryOptions()}
        canEdit={canEdit}
        suggestedIndex={pop.popIndex}
      />
    </>
  );
}
