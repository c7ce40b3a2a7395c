import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { getSessionUser } from "@/lib/server/auth/get-actor";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { listSessions } from "@/lib/server/auth/sessions";
import { env } from "@/lib/env";
import { PasswordForm } from "./password-form";
import { SessionsList } from "./sessions-list";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor();
  const current = await getSessionUser();
  const sessions = await listSessions(actor.userId, current?.sessionId);
  return (
    <>
      <PageHeader title="Your account" description={`${actor.email} · ${actor.role} of ${actor.orgName}`} />
      <div className="space-y-4">
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
