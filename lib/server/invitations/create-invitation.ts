import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { actorLabel, type TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { isMailConfigured, sendMail } from "@/lib/server/mail/send-mail";
import { assertMayGrant } from "@/lib/server/members/assert-may-grant";
import { INVITATION_DAYS, type TInvitationCreate } from "@/lib/schemas/invitation";
import { hashInvitationToken, invitationLink, newInvitationToken } from "./invitation-token";
import { openInvitationWhere, toInvitation, type TInvitation } from "./list-invitations";
import { log } from "@/lib/server/log";

/** Open invitations an organisation may hold at once (bounds what one admin can send). */
export const MAX_OPEN_INVITATIONS = 100;

export type TInvitationResult = {
  invitation: TInvitation;
  /** True when the link went out by email (SMTP configured). */
  emailed: boolean;
  /** The link, shown once to the admin to pass on; null when it was emailed. */
  link: string | null;
};

/**
 * Invites `email` to the actor's organisation at `role` (admin+; owner only by owners). The
 * answer is the same whether or not the address has an account anywhere: no user is looked
 * up, created or changed. A new invitation to the same address replaces the open one.
 * With SMTP the link is emailed and never shown; without, it is returned once.
 */
export async function createInvitation(options: { actor: TActor; input: TInvitationCreate; origin: string }): Promise<TInvitationResult> {
  const actor = assertRole(options.actor, "admin");
  const { email, role } = options.input;
  assertMayGrant(actor, role);
  const token = newInvitationToken();
  const emailed = isMailConfigured();
  const invitation = await db.$transaction(async (tx) => {
    // Serialises invitations of one organisation, so the cap and the replacement hold.
    await tx.$queryRaw`SELECT id FROM organization WHERE id = ${actor.orgId}::uuid FOR UPDATE`;
    const member = await tx.membership.findFirst({ where: { orgId: actor.orgId, user: { email } }, select: { role: true } });
    if (member) {
      const message = `${email} is already a member of this organisation (${member.role})`;
      throw new AppError("conflict", message, { fields: [{ field: "email", message }] });
    }
    const replaced = await tx.invitation.updateMany({
      where: { orgId: actor.orgId, email, ...openInvitationWhere() },
      data: { revokedAt: new Date() },
    });
    const open = await tx.invitation.count({ where: { orgId: actor.orgId, ...openInvitationWhere() } });
    if (open >= MAX_OPEN_INVITATIONS) {
      throw new AppError("conflict", `This organisation already has ${open} open invitations: revoke some first.`);
    }
    const row = await tx.invitation.create({
      data: {
        orgId: actor.orgId,
        email,
        role,
        tokenHash: hashInvitationToken(token),
        createdById: actor.userId,
        createdBy: actorLabel(actor),
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      },
    });
    await recordAudit(tx, {
      actor,
      action: "invitation.create",
      entity: "invitation",
      entityId: row.id,
      summary: `Invited ${email} as ${role}${replaced.count ? " (replacing the earlier link)" : ""}${emailed ? ", by email" : ""}`,
      after: { email, role, expiresAt: row.expiresAt.toISOString(), emailed },
    });
    return row;
  });
  const link = invitationLink(options.origin, token);
  if (emailed) await emailInvitation(email, actor, role, link, invitation.id);
  return { invitation: toInvitation(invitation), emailed, link: emailed ? null : link };
}

async function emailInvitation(to: string, actor: TActor, role: string, link: string, id: string): Promise<void> {
  try {
    await sendMail({
      to,
      subject: `You are invited to ${actor.orgName} on PBA Cloud`,
      text: `${actor.email} invites you to join ${actor.orgName} on PBA Cloud as ${role}.\n\nOpen this link within ${INVITATION_DAYS} days to accept (it works once):\n${link}\n\nIf you did not expect this, ignore this email.`,
    });
  } catch (error) {
    log().error({ err: error }, "invitation email failed");
    // Nobody holds this link: withdraw it rather than leave an invitation no one can use.
    await db.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
    throw new AppError(
      "unavailable",
      "The invitation email could not be sent, so the invitation was withdrawn: try again, or check the SMTP settings.",
    );
  }
}
