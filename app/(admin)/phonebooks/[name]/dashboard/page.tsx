import type { Metadata } from "next";
import { BarList } from "@/components/charts/bar-list";
import { HitsChart } from "@/components/charts/hits-chart";
import { Card } from "@/components/ui/card";
import { countryCodeLabel } from "@/lib/phonebook/countries";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { requestOrigin } from "@/lib/server/request-origin";
import { hasRole } from "@/lib/roles";
import { getPhonebookForPage } from "@/lib/server/phonebooks/get-phonebook-for-page";
import { ZDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { pbsHitsByHour, popsPerCountry } from "@/lib/server/pbs/pbs-stats";
import { listVersions } from "@/lib/server/versions/list-versions";
import { VersionChart } from "../versions/version-chart";
import { ClientPreview } from "./client-preview";
import { DeliveryPolicyForm } from "./delivery-policy-form";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ params }: { params: Promise<{ name: string }> }) {
  const actor = await requirePageActor();
  const { name } = await params;
  const phonebook = await getPhonebookForPage(actor, name);
  const [hits, countries, versions] = await Promise.all([
    pbsHitsByHour({ actor, phonebook: phonebook.name }),
    popsPerCountry(phonebook.id),
    listVersions({ actor, phonebookName: phonebook.name }),
  ]);
  const origin = await requestOrigin();
  const pbsUrl = `${origin}/o/${actor.orgSlug}/pbserver/pbserver.dll`;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <h2 className="mb-2 font-medium">Phone book service URL</h2>
        <p className="text-sm text-slate-600">
          Enter this in the Connection Manager Administration Kit (CMAK) profile, phone book name {phonebook.name}:
        </p>
        <code className="mt-1 block break-all rounded bg-slate-100 p-2 text-sm" data-testid="pbs-url">
          {pbsUrl}
        </code>
        {actor.orgSlug === env().PBS_DEFAULT_ORG ? (
          <p className="mt-1 text-xs text-slate-500">
            Also at <code>{origin}/pbserver/pbserver.dll</code> (the default organisation), and on every standalone PBS server (
            <code>npm run pbs</code>).
          </p>
        ) : null}
        <h2 className="mb-2 mt-4 font-medium">Delivery</h2>
        <DeliveryPolicyForm
          phonebookName={phonebook.name}
          policy={ZDeliveryPolicy.parse(phonebook.deliveryPolicy)}
          canEdit={hasRole(actor.role, "admin")}
        />
        <h2 className="mb-2 mt-4 font-medium">What will a client get?</h2>
        {phonebook.currentVersion === 0 ? (
          <p className="text-sm text-slate-500">Never published: clients get 404 until the first publish.</p>
        ) : (
          <ClientPreview phonebookName={phonebook.name} currentVersion={phonebook.currentVersion} />
        )}
      </Card>
      <Card>
        <HitsChart buckets={hits} title="PBS requests per hour, last 24 hours (UTC)" />
      </Card>
      <Card>
        <BarList title="POPs per country" items={countries.map((c) => ({ label: countryCodeLabel(c.countryCode), value: c.count }))} />
      </Card>
      <Card>
        <p className="mb-1 text-sm font-medium">Version timeline</p>
        {versions.length ? <VersionChart versions={versions} /> : <p className="text-sm text-slate-500">Never published.</p>}
      </Card>
    </div>
  );
}
