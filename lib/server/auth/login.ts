import "server-only";
import { db } from "@/lib/server/db";
import { verifyPassword } from "./password";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export type TLoginResult =
  | { ok: true; userId: string; sessionVersion: number; orgId: string }
  | { ok: false; reason: "invalid" | "locked" | "no_org"; minutesLeft?: number };

/**
 * Checks an email and password. After MAX_FAILED_LOGINS wrong passwords in a row the account
 * is locked for LOCKOUT_MINUTES; unknown emails take the same time as known ones.
 */
export async function verifyLogin(emailRaw: string, password: string): Promise<TLoginResult> {
  const email = emailRaw.trim().toLowerCase();
  const user = await db.user.findUnique({
    where: { email },
    include: { memberships: { orderBy: { createdAt: "asc" }, take: 1 } },
  });
  if (!user) {
    await verifyPassword(password, "$2b$10$CwTycUXWue0Thq9StjUM0uJ8WQbTqfCD1oP9fbQkbrlS2P3M1YJUa");
    return { ok: false, reason: "invalid" };
  }
  const now = Date.now();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    return { ok: false, reason: "locked", minutesLeft: Math.ceil((user.lockedUntil.getTime() - now) / 60_000) };
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const failed = user.failedLogins + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    await db.user.update({
      where: { id: user.id },
      data: { failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(now + LOCKOUT_MINUTES * 60_000) : null },
    });
    return lock ? { ok: false, reason: "locked", minutesLeft: LOCKOUT_MINUTES } : { ok: false, reason: "invalid" };
  }
  const membership = user.memberships[0];
  if (!membership) return { ok: false, reason: "no_org" };
  if (user.failedLogins > 0 || user.lockedUntil) {
    await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
  }
  return { ok: true, userId: user.id, sessionVersion: user.sessionVersion, orgId: membership.orgId };
}
