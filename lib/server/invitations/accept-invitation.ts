import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { hashPassword } from "@/lib/server/auth/password";
import { assertPasswordAllowed } from "@/lib/server/auth/password-policy";
import { db, type TTx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { ZInvitationToken, type TInvitationSignup } from "@/lib/schemas/invitation";
import type { TRole } from "@/lib/roles";
import { hashInvitationToken } from "./invitation-token";
import { openInvitationWhere } from "./list-invitations";

export type TAccepted = { orgId: string; orgName: string; role: TRole; email: string };

const gone = () => new AppError("not_found", "This invitation link is no longer valid (used, withdrawn or expired): ask for a new one.");

/**
 * Claims the invitation behind `token` (once: a conditional update, so two accepts of one
 * link cannot both succeed) and makes `user` a member. Rolls back with the transaction.
 */
async function claim(tx: TTx, token: string, user: { id: string; email: string }, how: string): Promise<TAccepted> {
  if (!ZInvitationToken.safeParse(token).success) throw gone();
  const tokenHash = hashInvitationToken(token);
  const claimed = await tx.invitation.updateMany({
    where: { tokenHash, ...openInvitationWhere() },
    data: { acceptedAt: new Date(), acceptedById: user.id },
  });
  if (claimed.count !== 1) throw gone();
  const invitation = await tx.invitation.findUniqueOrThrow({ where: { tokenHash }, include: { org: true } });
  const existing = await tx.membership.findUnique({ where: { orgId_userId: { orgId: invitation.orgId, userId: user.id } } });
  if (existing) throw new AppError("conflict", `You are already a member of ${invitation.org.name} (${existing.role}).`);
  await tx.membership.create({ data: { orgId: invitation.orgId, userId: user.id, role: invitation.role } });
  const actor: TActor = {
    userId: user.id,
    email: user.email,
    orgId: invitation.orgId,
    orgSlug: invitation.org.slug,
    orgName: invitation.org.name,
    role: invitation.role,
    via: "session",
  };
  const other = user.email === invitation.email ? "" : ` (the invitation was for ${invitation.email})`;
  await recordAudit(tx, {
    actor,
    action: "invitation.accept",
    entity: "member",
    entityId: user.id,
    summary: `${user.email} joined as ${invitation.role} ${how}${other}`,
    after: { email: user.email, role: invitation.role, invitationId: invitation.id, invitedEmail: invitation.email },
  });
  return { orgId: invitation.orgId, orgName: invitation.org.name, role: invitation.role, email: user.email };
}

/** The signed-in user `userId` accepts an invitation link. */
export async function acceptInvitation(options: { token: string; userId: string }): Promise<TAccepted> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: options.userId }, select: { id: true, email: true } });
    return claim(tx, options.token, user, "with their existing account");
  });
}

/**
 * Creates an account for the invitation's address with the invitee's own password and
 * accepts the invitation. Never touches an existing account: when the address already has
 * one, the invitee is asked to sign in with it instead.
 */
export async function signUpFromInvitation(options: { token: string; input: TInvitationSignup }): Promise<TAccepted> {
  if (!ZInvitationToken.safeParse(options.token).success) throw gone();
  assertPasswordAllowed(options.input.password);
  const passwordHash = await hashPassword(options.input.password); // slow: before any lock
  return db
    .$transaction(async (tx) => {
      const invitation = await tx.invitation.findFirst({
        where: { tokenHash: hashInvitationToken(options.token), ...openInvitationWhere() },
        select: { email: true },
      });
      if (!invitation) throw gone();
      const user = await tx.user.create({
        data: { email: invitation.email, name: options.input.name, passwordHash },
        select: { id: true, email: true },
      });
      return claim(tx, options.token, user, "with a new account");
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2002") {
        throw new AppError(
          "conflict",
          "No new account can be made for this address. If you already have an account, sign in with it to accept the invitation.",
        );
      }
      throw error;
    });
}
