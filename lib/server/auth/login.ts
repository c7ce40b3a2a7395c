import "server-only";
import { db } from "@/lib/server/db";
import { verifyPassword } from "./password";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export type TLoginResult =
  | { ok: true; userId: string; sessionVersion: number; orgId: string | null }
  | { ok: false; reason: "invalid" | "locked"; minutesLeft?: number };

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
    // One atomic statement: concurrent wrong guesses all count, and the one that reaches the
    // limit locks the account (a read-then-write would let parallel guesses overwrite each other).
    const [row] = await db.$queryRaw<{ failed: number; locked: Date | null }[]>`
      UPDATE app_user SET
        failed_logins = CASE WHEN failed_logins + 1 >= ${MAX_FAILED_LOGINS} THEN 0 ELSE failed_logins + 1 END,
        locked_until = CASE WHEN failed_logins + 1 >= ${MAX_FAILED_LOGINS} THEN now() + make_interval(mins => ${LOCKOUT_MINUTES}) ELSE locked_until END
      WHERE id = ${user.id}::uuid
      RETURNING failed_logins AS failed, locked_until AS locked`;
    const isLocked = row?.locked ? row.locked.getTime() > now : false;
    return isLocked ? { ok: false, reason: "locked", minutesLeft: LOCKOUT_MINUTES } : { ok: false, reason: "invalid" };
  }
  // The password was right, but a parallel wrong guess may have locked the account meanwhile.
  const fresh = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true } });
  if (fresh.lockedUntil && fresh.lockedUntil.getTime() > Date.now()) {
    return { ok: false, reason: "locked", minutesLeft: Math.ceil((fresh.lockedUntil.getTime() - Date.now()) / 60_000) };
  }
  // A user with no membership may sign in: to accept an invitation, nothing else.
  const membership = user.memberships[0];
  if (user.failedLogins > 0 || user.lockedUntil) {
    await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
  }
  return { ok: true, userId: user.id, sessionVersion: user.sessionVersion, orgId: membership?.orgId ?? null };
}
