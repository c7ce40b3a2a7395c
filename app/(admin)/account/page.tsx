import type { Metadata } from "next";
import { Alert, Card, PageHeader } from "@/components/ui/card";
import { getSessionUser } from "@/lib/server/auth/get-actor";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { listSessions } from "@/lib/server/auth/sessions";
import { recoveryCodesLeft } from "@/lib/server/auth/two-factor";
import { db } from "@/lib/server/db";
import { env } from "@/lib/env";
import { PasswordForm } from "./password-form";
import { SessionsList } from "./sessions-list";
import { TwoFactorCard } from "./two-factor-card";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor("viewer", { isAccountPage: true });
  const current = await getSessionUser();
  const [sessions, me, codesLeft, requiring] = await Promise.all([
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
          <Alert kind="info">{actor.orgName} requires two-factor authentication. Turn it on below to continue working there.</Alert>
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
