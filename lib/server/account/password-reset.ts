import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit, recordSystemAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { hashToken } from "@/lib/server/auth/api-tokens";
import { assertRole } from "@/lib/server/auth/get-actor";
import { clearAccount } from "@/lib/server/auth/login-throttle";
import { hashPassword } from "@/lib/server/auth/password";
import { revokeAllSessions } from "@/lib/server/auth/sessions";
import { assertPasswordAllowed } from "@/lib/server/auth/password-policy";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { isMailConfigured, sendMail } from "@/lib/server/mail/send-mail";
import { getMembership } from "@/lib/server/members/list-members";
import { RESET_MINUTES, ZResetToken } from "@/lib/schemas/password-reset";

/** Open links one account may hold at once: more requests are dropped silently. */
const MAX_OPEN = 3;

function assertMail(): void {
  if (!isMailConfigured()) {
    throw new AppError("unavailable", "Password reset by email is not set up on this server (no SMTP): ask the service's operator.");
  }
}

/** Emails a reset link to the account of `userId` (when it has fewer than MAX_OPEN open links). */
async function sendResetLink(user: { id: string; email: string }, origin: string, why: string): Promise<void> {
  const open = await db.passwordReset.count({ where: { userId: user.id, usedAt: null, expiresAt: { gt: new Date() } } });
  if (open >= MAX_OPEN) return;
  const token = `pbr_${randomBytes(32).toString("base64url")}`;
  await db.passwordReset.create({
    data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000) },
  });
  await sendMail({
    to: user.email,
    subject: "Reset your PBA Cloud password",
    text: `${why}\n\nOpen this link within ${RESET_MINUTES} minutes to choose a new password (it works once):\n${origin}/reset-password/${token}\n\nIf you did not ask for this, ignore this email: your password stays as it is.`,
  });
}

/**
 * "Forgot password": emails a reset link when `email` has an account. The answer is the
 * same either way, so it reveals nothing; 503 when SMTP is not configured.
 */
export async function requestPasswordReset(options: { email: string; origin: string }): Promise<void> {
  assertMail();
  const user = await db.user.findUnique({ where: { email: options.email }, select: { id: true, email: true } });
  if (user) await sendResetLink(user, options.origin, "Someone (hopefully you) asked to reset the password of this PBA Cloud account.");
}

/** An owner sends a member a reset link by email (never shown to the owner). */
export async function sendMemberReset(options: { actor: TActor; userId: string; origin: string }): Promise<{ email: string }> {
  const actor = assertRole(options.actor, "owner");
  assertMail();
  const member = await getMembership(actor, options.userId);
  await sendResetLink(
    { id: member.userId, email: member.user.email },
    options.origin,
    `${actor.email}, owner of ${actor.orgName}, sent you this password reset link.`,
  );
  await recordAudit(db, {
    actor,
    action: "member.reset",
    entity: "member",
    entityId: member.userId,
    summary: `Sent ${member.user.email} a password reset link by email`,
  });
  return { email: member.user.email };
}

/**
 * Sets a new password from a reset link (once): proves the address, ends every session of
 * the account (session version) and clears its sign-in delays.
 */
export async function resetPassword(options: { token: string; password: string }): Promise<{ email: string }> {
  const gone = new AppError("not_found", "This reset link is no longer valid (used or expired): ask for a new one.");
  if (!ZResetToken.safeParse(options.token).success) throw gone;
  assertPasswordAllowed(options.password);
  const passwordHash = await hashPassword(options.password);
  const user = await db.$transaction(async (tx) => {
    const tokenHash = hashToken(options.token);
    const claimed = await tx.passwordReset.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) throw gone;
    const { userId } = await tx.passwordReset.findUniqueOrThrow({ where: { tokenHash } });
    await tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: new Date() } });
    const row = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      include: { memberships: { select: { orgId: true } } },
    });
    await recordSystemAudit(tx, {
      orgIds: row.memberships.map((m) => m.orgId),
      actorLabel: `${row.email} (reset link)`,
      action: "user.reset",
      entity: "user",
      entityId: row.id,
      summary: `${row.email} set a new password from an emailed reset link; all their sessions ended`,
    });
    return row;
  });
  await Promise.all([clearAccount(user.email), revokeAllSessions(user.id)]);
  return { email: user.email };
}
