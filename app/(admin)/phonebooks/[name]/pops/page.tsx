import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { hasRole } from "@/lib/roles";
import { countryCodeLabel, listCountries } from "@/lib/phonebook/countries";
import { ZPopListQuery } from "@/lib/schemas/pop";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { listPops } from "@/lib/server/pops/list-pops";
import { listRegions } from "@/lib/server/regions/list-regions";
import { PopsTable } from "./_components/pops-table";

export const metadata: Metadata = { title: "POPs" };

type TSearch = Record<string, string | string[] | undefined>;

export default async function PopsPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<TSearch> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  const phonebook = await getPhonebookForPage(actor, name);
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = ZPopListQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : ZPopListQuery.parse({});
  const [page, regions] = await Promise.all([
    listPops({ actor, phonebookName: phonebook.name, query }),
    listRegions({ actor, phonebookName: phonebook.name }),
  ]);
  const countries = listCountries().sort((a, b) => a.id - b.id);
  const countryCodes = countries.map((c) => ({ code: c.id, label: countryCodeLabel(c.id) }));
  const countryNames = Object.fromEntries(countries.map((c) => [c.id, `${c.name} (+${c.callingCode})`]));
  return (
    <>
      {parsed.success ? null : (
        <div className="mb-3">
          <Alert variant="destructive">
            Some filters in the address were invalid and were ignored: {parsed.error.issues.map((i) => i.message).join("; ")}
          </Alert>
        </div>
      )}
      <PopsTable
        phonebookName={phonebook.name}
        rows={page.rows}
        total={page.total}
        query={query}
        regions={regions.map((r) => ({ id: r.id, name: r.name, position: r.position }))}
        countryCodes={countryCodes}
        countryNames={countryNames}
        canEdit={hasRole(actor.role, "editor")}
      />
    </>
  );
}
