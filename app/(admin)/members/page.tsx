import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole, ROLES, type TRole } from "@/lib/roles";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { listMembers } from "@/lib/server/members/list-members";
import { isMailConfigured } from "@/lib/server/mail/send-mail";
import { listInvitations } from "@/lib/server/invitations/list-invitations";
import { InviteMemberForm } from "./invite-member-form";
import { MemberRowActions } from "./member-row-actions";
import { RevokeInvitationButton } from "./revoke-invitation-button";
import { DateTime } from "@/components/date-time";

export const metadata: Metadata = { title: "Members" };

const ROLE_TONE: Record<TRole, "secondary" | "info" | "warning" | "success"> = {
  viewer: "secondary",
  editor: "info",
  admin: "warning",
  owner: "success",
};

export default async function MembersPage() {
  const actor = await requirePageActor();
  const members = await listMembers(actor);
  const canAdmin = hasRole(actor.role, "admin");
  const invitations = canAdmin ? await listInvitations(actor) : [];
  const mailConfigured = isMailConfigured();
  const isOwner = actor.role === "owner";
  // Only owners make owners; the server checks this again.
  const grantableRoles = ROLES.filter((r) => isOwner || r !== "owner");
  return (
    <>
      <PageHeader
        title="Members"
        description={
          canAdmin
            ? "Who can sign in to this organisation, and with which role. New members join through a single-use invitation link."
            : "Who can sign in to this organisation (read-only: admins and owners manage members)."
        }
      />
      {canAdmin ? (
        <Card className="mb-4">
          <InviteMemberForm grantableRoles={grantableRoles} />
        </Card>
      ) : null}
      {invitations.length > 0 ? (
        <Card className="mb-4 overflow-x-auto p-0">
          <h2 className="px-3 pt-3 text-sm font-semibold">Open invitations</h2>
          <table className="w-full text-sm" data-testid="invitations-table">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Email</th>
                <th className="px-3 py-2">Role</th>
                <th className="px-3 py-2">Invited by</th>
                <th className="px-3 py-2">Expires</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id} className="border-t border-slate-100" data-testid="invitation-row">
                  <td className="px-3 py-2 font-medium">{i.email}</td>
                  <td className="px-3 py-2">
                    <Badge variant={ROLE_TONE[i.role]}>{i.role}</Badge>
                  </td>
                  <td className="px-3 py-2 text-slate-600">{i.createdBy}</td>
                  <td className="px-3 py-2 text-slate-600">
                    <DateTime value={i.expiresAt} />
                  </td>
                  <td className="px-3 py-2 text-right">
                    {isOwner || i.role !== "owner" ? <RevokeInvitationButton id={i.id} email={i.email} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm" data-testid="members-table">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Email</th>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">Since</th>
              {canAdmin ? <th className="px-3 py-2" /> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} className="border-t border-slate-100" data-testid="member-row">
                <td className="px-3 py-2 font-medium">
                  {m.email}
                  {m.userId === actor.userId ? <span className="ml-1 text-xs text-slate-500">(you)</span> : null}
                </td>
                <td className="px-3 py-2 text-slate-600">{m.name}</td>
                <td className="px-3 py-2">
                  <Badge variant={ROLE_TONE[m.role]}>{m.role}</Badge>
                </td>
                <td className="px-3 py-2 text-slate-600">
                  <DateTime value={m.since} precision="day" />
                </td>
                {canAdmin ? (
                  <td className="px-3 py-2 text-right">
                    <MemberRowActions
                      userId={m.userId}
                      email={m.email}
                      role={m.role}
                      grantableRoles={grantableRoles}
                      canManage={isOwner || m.role !== "owner"}
                      isSelf={m.userId === actor.userId}
                      ownerTools={isOwner ? { canReset: mailConfigured } : null}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
