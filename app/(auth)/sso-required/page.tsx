import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/sign-out-button";
import { SwitchOrganizationButton } from "@/app/(admin)/organization/organization-forms";
import { getSessionActor, getSessionUser, ssoRequiredMessage } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { sessionAccess } from "@/lib/server/sso/sso-policy";
import { SsoButton } from "../sso/sso-button";
import { AuthCard } from "@/components/auth-card";

export const metadata: Metadata = { title: "Sign in with SSO" };

export default async function SsoRequiredPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  const actor = await getSessionActor();
  if (!actor?.mustUseSso) redirect("/phonebooks");
  const memberships = await db.membership.findMany({
    where: { userId: user.userId, orgId: { not: actor.orgId } },
    include: { org: { include: { ssoConfig: { select: { enabled: true, allowPassword: true } } } } },
    orderBy: { org: { name: "asc" } },
  });
  const others = memberships.filter((m) => sessionAccess(m, user) === "ok");
  return (
    <AuthCard width="md" className="space-y-3">
      <h1 className="text-xl font-semibold">Sign in with SSO</h1>
      <p className="text-sm text-slate-600" data-testid="sso-required">
        {ssoRequiredMessage(actor)}
      </p>
      <p className="text-sm text-slate-600">
        You are signed in as <strong>{user.email}</strong> with a password. Continue with {actor.orgName}&apos;s identity provider: the
        first time, your account is linked to it.
      </p>
      <SsoButton slug={actor.orgSlug} mode="continue" label={`Continue with ${actor.orgName}'s SSO`} />
      {others.length > 0 ? (
        <div className="space-y-2 border-t border-slate-200 pt-3">
          <p className="text-sm text-slate-600">Your other organisations still work with this session:</p>
          <ul className="space-y-1">
            {others.map((m) => (
              <li key={m.orgId}>
                <SwitchOrganizationButton orgId={m.orgId} name={m.org.name} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <SignOutButton />
    </AuthCard>
  );
}
