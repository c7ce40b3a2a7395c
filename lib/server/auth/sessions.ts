import "server-only";
import { isUuid } from "@/lib/server/is-uuid";
import Bowser from "bowser";
import { env } from "@/lib/env";
import { db } from "@/lib/server/db";

/**
 * Server-side sessions. The signed JWT cookie carries a session id; a session counts only
 * while its row is not revoked and was seen within SESSION_IDLE_HOURS. Signing out, a
 * revoke from the Account page or "sign out everywhere" therefore ends it at once, for
 * every copy of the cookie. `last_seen_at` is written at most once a minute per session.
 */
const TOUCH_EVERY_MS = 60_000;

export type TSessionMethod = "password" | "sso";

export async function createSession(options: {
  userId: string;
  userAgent: string;
  address: string;
  method: TSessionMethod;
  secondFactor?: boolean;
  /** The organisation whose single sign-on made the session (method "sso"); it works only there. */
  ssoOrgId?: string;
}): Promise<string> {
  const row = await db.userSession.create({
    data: {
      secondFactorAt: options.secondFactor ? new Date() : null,
      userId: options.userId,
      userAgent: options.userAgent.slice(0, 400),
      address: options.address.slice(0, 64),
      method: options.method,
      ssoOrgId: options.ssoOrgId ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

const idleCutoff = (now: number) => new Date(now - env().SESSION_IDLE_HOURS * 3_600_000);

/** What a request needs to know of its live session. */
export type TLiveSession = {
  method: string;
  ssoOrgId: string | null;
  user: { id: string; email: string; name: string; sessionVersion: number; totpEnabledAt: Date | null };
};

/**
 * Session `sid` of `userId` with its account, when the session is live, else null (one
 * query per request); records the activity (throttled).
 */
export async function liveSession(sid: string | undefined, userId: string): Promise<TLiveSession | null> {
  if (!isUuid(sid) || !isUuid(userId)) return null;
  const now = Date.now();
  const row = await db.userSession.findFirst({
    where: { id: sid, userId, revokedAt: null, lastSeenAt: { gt: idleCutoff(now) } },
    select: {
      lastSeenAt: true,
      method: true,
      ssoOrgId: true,
      user: { select: { id: true, email: true, name: true, sessionVersion: true, totpEnabledAt: true } },
    },
  });
  if (!row) return null;
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.userSession.update({ where: { id: sid }, data: { lastSeenAt: new Date(now) } });
  }
  return { method: row.method, ssoOrgId: row.ssoOrgId, user: row.user };
}

/** Ends one session of `userId` (404-free: an unknown or foreign id changes nothing). Returns whether one ended. */
export async function revokeSession(options: { userId: string; sessionId: string }): Promise<boolean> {
  if (!isUuid(options.sessionId)) return false;
  const { count } = await db.userSession.updateMany({
    where: { id: options.sessionId, userId: options.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

/** Ends every session of `userId` ("sign out everywhere", password change or reset). */
export async function revokeAllSessions(userId: string): Promise<number> {
  const { count } = await db.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

export type TSessionView = {
  id: string;
  device: string;
  address: string;
  method: string;
  createdAt: string;
  lastSeenAt: string;
  isCurrent: boolean;
};

/** "Firefox on Windows" from a User-Agent header (bowser), or "Unknown device". */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return "Unknown device";
  const { browser, os } = Bowser.parse(userAgent);
  const name = [browser.name, browser.version?.split(".")[0]].filter(Boolean).join(" ");
  return name ? `${name}${os.name ? ` on ${os.name}` : ""}` : userAgent.slice(0, 60);
}

/** The live sessions of `userId`, most recently seen first. */
export async function listSessions(userId: string, currentSid?: string): Promise<TSessionView[]> {
  const rows = await db.userSession.findMany({
    where: { userId, revokedAt: null, lastSeenAt: { gt: idleCutoff(Date.now()) } },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows.map((r) => ({
    id: r.id,
    device: describeDevice(r.userAgent),
    address: r.address,
    method: r.method,
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    isCurrent: r.id === currentSid,
  }));
}

/** Minutes a passed second factor counts as "recent" (creating an API token needs one). */
export const RECENT_SECOND_FACTOR_MINUTES = 15;

/** True when session `sid` passed a second factor within RECENT_SECOND_FACTOR_MINUTES. */
export async function hasRecentSecondFactor(sid: string): Promise<boolean> {
  if (!isUuid(sid)) return false;
  const since = new Date(Date.now() - RECENT_SECOND_FACTOR_MINUTES * 60_000);
  return (await db.userSession.count({ where: { id: sid, revokedAt: null, secondFactorAt: { gt: since } } })) === 1;
}

/** Records that session `sid` just passed a second factor. */
export async function markSecondFactor(sid: string): Promise<void> {
  await db.userSession.updateMany({ where: { id: sid, revokedAt: null }, data: { secondFactorAt: new Date() } });
}
