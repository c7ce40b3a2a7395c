import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, PageHeader } from "@/components/ui/card";
import { getSessionUser } from "@/lib/server/auth/get-actor";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { listSessions } from "@/lib/server/auth/sessions";
import { recoveryCodesLeft } from "@/lib/server/auth/two-factor";
import { db } from "@/lib/server/db";
import { env } from "@/lib/env";
import { SsoButton } from "@/app/(auth)/sso/sso-button";
import { PasswordForm } from "./password-form";
import { SessionsList } from "./sessions-list";
import { TwoFactorCard } from "./two-factor-card";
import { DateTime } from "@/components/date-time";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor("viewer", { isAccountPage: true });
  const current = await getSessionUser();
  const [sso, identity, sessions, me, codesLeft, requiring] = await Promise.all([
    db.ssoConfig.findUnique({ where: { orgId: actor.orgId }, select: { enabled: true, issuer: true } }),
    db.ssoIdentity.findFirst({ where: { orgId: actor.orgId, userId: actor.userId }, select: { issuer: true, createdAt: true } }),
    listSessions(actor.userId, current?.sessionId),
    db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpEnabledAt: true } }),
    recoveryCodesLeft(actor.userId),
    db.membership.count({ where: { userId: actor.userId, org: { require2fa: true } } }),
  ]);
  return (
    <>
      <PageHeader title="Your account" description={`${actor.email} · ${actor.role} of ${actor.orgName}`} />
      <div className="space-y-4">
        {actor.mustEnrollTwoFactor ? (
          <Alert variant="info">{actor.orgName} requires two-factor authentication. Turn it on below to continue working there.</Alert>
        ) : null}
        <Card>
          <h2 className="mb-3 font-medium">Two-factor authentication</h2>
          <TwoFactorCard
            isOn={Boolean(me.totpEnabledAt)}
            since={me.totpEnabledAt?.toISOString() ?? null}
            codesLeft={codesLeft}
            isRequired={requiring > 0}
          />
        </Card>
        {sso?.enabled ? (
          <Card>
            <h2 className="mb-1 font-medium">Single sign-on</h2>
            {identity && identity.issuer === sso.issuer ? (
              <p className="text-sm text-slate-600" data-testid="sso-linked">
                Your account is linked to {actor.orgName}&apos;s identity provider ({identity.issuer}) since{" "}
                <DateTime value={identity.createdAt} precision="day" />.
              </p>
            ) : (
              <div className="space-y-2">
                <p className="text-sm text-slate-600">
                  Link your account to {actor.orgName}&apos;s identity provider to sign in to {actor.orgName} with SSO. You sign in there
                  once to prove it is you.
                </p>
                <SsoButton slug={actor.orgSlug} mode="link" label="Link single sign-on" />
              </div>
            )}
          </Card>
        ) : null}
        <Card>
          <h2 className="mb-1 font-medium">Sessions</h2>
          <p className="mb-3 text-sm text-slate-600">
            Where you are signed in. A session ends when you sign out, revoke it here, or after {env().SESSION_IDLE_HOURS} h without use.
          </p>
          <SessionsList sessions={sessions} />
        </Card>
        <Card>
          <h2 className="mb-3 font-medium">Change password</h2>
          <PasswordForm />
        </Card>
      </div>
    </>
  );
}
