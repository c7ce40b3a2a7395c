import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { hasRole, type TRole } from "@/lib/roles";
import type { TActor } from "./actor";
import { touchSession } from "./sessions";
import { authOptions } from "./options";

/** Cookie holding the organisation a user with several memberships works in. */
export const ACTIVE_ORG_COOKIE = "pba-org";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function activeOrgCookie(): Promise<string | undefined> {
  try {
    return (await cookies()).get(ACTIVE_ORG_COOKIE)?.value;
  } catch {
    return undefined; // outside a request (scripts, tests): the session's own organisation
  }
}

export type TSessionUser = { userId: string; email: string; name: string; hasTwoFactor: boolean };

type TSessionClaims = { userId?: string; orgId?: string; sv?: number; sid?: string };

/**
 * The signed-in account of this request, whatever its memberships; null when signed out,
 * when its server-side session was revoked or went idle (sessions.ts), or when a password
 * change bumped `sessionVersion`.
 */
export const getSessionUser = cache(async (): Promise<(TSessionUser & { sessionOrgId?: string; sessionId: string }) | null> => {
  const s: TSessionClaims | null = await getServerSession(authOptions);
  if (!s?.userId || !UUID.test(s.userId)) return null;
  const user = await db.user.findUnique({
    where: { id: s.userId },
    select: { id: true, email: true, name: true, sessionVersion: true, totpEnabledAt: true },
  });
  if (!user || user.sessionVersion !== s.sv || !s.sid || !(await touchSession(s.sid, user.id))) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    hasTwoFactor: Boolean(user.totpEnabledAt),
    sessionOrgId: s.orgId,
    sessionId: s.sid,
  };
});

/**
 * The signed-in user of this request, with the organisation and role read fresh from the
 * database: the organisation chosen with the switcher, else the one signed in to, else the
 * oldest membership. Null when signed out or a member of no organisation. Memberships are
 * independent: losing one never ends the session for the others.
 */
export const getSessionActor = cache(async (): Promise<TActor | null> => {
  const user = await getSessionUser();
  if (!user) return null;
  const include = { org: true } as const;
  const find = (orgId: string | undefined) =>
    orgId && UUID.test(orgId)
      ? db.membership.findUnique({ where: { orgId_userId: { orgId, userId: user.userId } }, include })
      : Promise.resolve(null);
  const membership =
    (await find(await activeOrgCookie())) ??
    (await find(user.sessionOrgId)) ??
    (await db.membership.findFirst({ where: { userId: user.userId }, include, orderBy: { createdAt: "asc" } }));
  if (!membership) return null;
  return {
    userId: user.userId,
    email: user.email,
    orgId: membership.orgId,
    orgSlug: membership.org.slug,
    orgName: membership.org.name,
    role: membership.role,
    via: "session",
    mustEnrollTwoFactor: membership.org.require2fa && !user.hasTwoFactor,
  };
});

/**
 * Throws 401 when there is no actor, 403 when its role is below `needed` or when its
 * organisation requires two-factor authentication the user has not turned on.
 */
export function assertRole(actor: TActor | null, needed: TRole): TActor {
  if (!actor) throw new AppError("unauthorized", "Sign in or send a valid API token.");
  if (actor.mustEnrollTwoFactor) {
    throw new AppError("forbidden", `${actor.orgName} requires two-factor authentication: turn it on on your Account page first.`);
  }
  if (!hasRole(actor.role, needed)) {
    throw new AppError("forbidden", `This needs the ${needed} role or higher; you are ${actor.role}.`);
  }
  return actor;
}
