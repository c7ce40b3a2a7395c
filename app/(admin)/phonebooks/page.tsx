import type { Metadata } from "next";
import Link from "next/link";
import { HitsChart } from "@/components/charts/hits-chart";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { pbsHitsByHour } from "@/lib/server/pbs/pbs-stats";
import { hasRole } from "@/lib/roles";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { listPhonebooks } from "@/lib/server/phonebooks/list-phonebooks";
import { AdoptPhonebookForm } from "./adopt-phonebook-form";
import { CreatePhonebookForm } from "./create-phonebook-form";
import { PhonebookRowActions } from "./phonebook-row-actions";

export const metadata: Metadata = { title: "Phone books" };

export default async function PhonebooksPage() {
  const actor = await requirePageActor();
  const [phonebooks, hits] = await Promise.all([listPhonebooks(actor), pbsHitsByHour({ actor })]);
  const canAdmin = hasRole(actor.role, "admin");
  return (
    <>
      <PageHeader title="Phone books" description="Each phone book is what one Connection Manager profile downloads." />
      {canAdmin ? (
        <Card className="mb-4">
          <CreatePhonebookForm />
        </Card>
      ) : null}
      {canAdmin ? (
        <Card className="mb-4">
          <AdoptPhonebookForm />
        </Card>
      ) : null}
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm" data-testid="phonebooks-table">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Description</th>
              <th className="px-3 py-2 text-right">POPs</th>
              <th className="px-3 py-2 text-right">Version</th>
              <th className="px-3 py-2">Pending changes</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody>
            {phonebooks.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-500">
                  No phone book yet.{canAdmin ? " Create the first one above." : ""}
                </td>
              </tr>
            ) : null}
            {phonebooks.map((pb) => (
              <tr key={pb.name} className="border-t border-slate-100">
                <td className="px-3 py-2 font-medium">
                  <Link className="text-brand hover:underline" href={`/phonebooks/${encodeURIComponent(pb.name)}/pops`}>
                    {pb.name}
                  </Link>
                </td>
                <td className="px-3 py-2 text-slate-600">{pb.description}</td>
                <td className="px-3 py-2 text-right tabular-nums">{pb.popCount.toLocaleString("en")}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {pb.currentVersion === 0 ? <Badge>never published</Badge> : pb.currentVersion}
                </td>
                <td className="px-3 py-2">
                  {pb.pendingChanges === 0 ? (
                    <Badge variant="success">none</Badge>
                  ) : (
                    <Badge variant="warning">{pb.pendingChanges.toLocaleString("en")} pending</Badge>
                  )}
                </td>
                <td className="px-3 py-2 text-right">
                  {canAdmin ? <PhonebookRowActions name={pb.name} description={pb.description} popCount={pb.popCount} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card className="mt-4">
        <HitsChart buckets={hits} title="PBS requests per hour, all phone books, last 24 hours (UTC)" />
      </Card>
    </>
  );
}
