import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { requestOrigin } from "@/lib/server/request-origin";
import { describeOrganization } from "@/lib/server/organizations/organization-settings";
import { getSsoSettings, ssoRedirectUri } from "@/lib/server/sso/sso-settings";
import { db } from "@/lib/server/db";
import { RenameOrganizationForm, RequireTwoFactorSwitch, SwitchOrganizationButton } from "./organization-forms";
import { SsoSettingsForm } from "./sso-card";
import { DateTime } from "@/components/date-time";

export const metadata: Metadata = { title: "Organisation" };

export default async function OrganizationPage() {
  const actor = await requirePageActor();
  const org = await describeOrganization(actor);
  const origin = await requestOrigin();
  const isOwner = actor.role === "owner";
  const sso = isOwner ? await getSsoSettings({ actor }) : null;
  const isSsoOn = sso?.enabled ?? (await db.ssoConfig.findUnique({ where: { orgId: actor.orgId }, select: { enabled: true } }))?.enabled;
  return (
    <>
      <PageHeader
        title="Organisation"
        description={`${org.phonebooks} phone book(s) · ${org.members} member(s) · ${org.tokens} API token(s)`}
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card>
          {actor.role === "owner" ? <RenameOrganizationForm name={org.name} /> : <p className="text-lg font-medium">{org.name}</p>}
          <dl className="mt-3 grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">Slug</dt>
            <dd>
              <code data-testid="org-slug">{org.slug}</code> (in URLs and storage keys; fixed)
            </dd>
            <dt className="text-slate-500">PBS base URL</dt>
            <dd className="break-all">
              <code data-testid="org-pbs-url">
                {origin}/o/{org.slug}/pbserver/pbserver.dll
              </code>
            </dd>
            <dt className="text-slate-500">Since</dt>
            <dd>
              <DateTime value={org.createdAt} precision="day" />
            </dd>
          </dl>
        </Card>
        <Card>
          <h2 className="mb-2 font-medium">Security</h2>
          {actor.role === "owner" ? (
            <RequireTwoFactorSwitch required={org.require2fa} />
          ) : (
            <p className="text-sm text-slate-600">
              Two-factor authentication is {org.require2fa ? "required" : "optional"} for members of this organisation.
            </p>
          )}
        </Card>
        <Card className="min-w-0">
          <h2 className="mb-2 font-medium">Single sign-on (OpenID Connect)</h2>
          {isOwner ? (
            <SsoSettingsForm settings={sso} redirectUri={ssoRedirectUri(origin)} />
          ) : (
            <p className="text-sm text-slate-600">
              {isSsoOn ? (
                <>
                  Members can sign in with SSO: on the sign-in page, enter <code>{org.slug}</code>.
                </>
              ) : (
                "Single sign-on is not set up for this organisation."
              )}
            </p>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 font-medium">Your organisations</h2>
          <ul className="space-y-2 text-sm" data-testid="my-organizations">
            {org.mine.map((m) => (
              <li key={m.id} className="flex items-center gap-2">
                <span className="font-medium">{m.name}</span> <code className="text-xs">{m.slug}</code> <Badge>{m.role}</Badge>
                {m.isCurrent ? <Badge variant="success">current</Badge> : <SwitchOrganizationButton orgId={m.id} name={m.name} />}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
