import type { Metadata } from "next";
import Link from "next/link";
import { getSessionUser } from "@/lib/server/auth/get-actor";
import { findOpenInvitation } from "@/lib/server/invitations/find-invitation";
import { AcceptInvitation } from "./accept-invitation";
import { AuthCard } from "@/components/auth-card";
import { DateTime } from "@/components/date-time";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([findOpenInvitation(token), getSessionUser()]);
  return (
    <AuthCard width="md" className="space-y-4">
      <h1 className="text-xl font-semibold">PBA Cloud invitation</h1>
      {invitation ? (
        <>
          <p className="text-sm text-slate-700" data-testid="invitation-summary">
            You are invited to join <strong>{invitation.orgName}</strong> as <strong>{invitation.role}</strong>. The invitation was sent to{" "}
            <strong>{invitation.email}</strong> and is valid until <DateTime value={invitation.expiresAt} />.
          </p>
          <AcceptInvitation token={token} invitedEmail={invitation.email} signedInAs={user?.email ?? null} />
        </>
      ) : (
        <>
          <p className="text-sm text-slate-700" role="alert">
            This invitation link is not valid: it was already used, withdrawn or has expired, or it was not copied in full. Ask the person
            who invited you for a new one.
          </p>
          <Link href="/login" className="text-sm text-brand underline">
            Go to sign-in
          </Link>
        </>
      )}
    </AuthCard>
  );
}
