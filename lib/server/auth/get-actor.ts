import "server-only";
import { isUuid } from "@/lib/server/is-uuid";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { hasRole, type TRole } from "@/lib/roles";
import type { TActor } from "./actor";
import { mustEnrollTwoFactor, sessionAccess } from "@/lib/server/sso/sso-policy";
import { liveSession } from "./sessions";
import { authOptions } from "./options";

/** Cookie holding the organisation a user with several memberships works in. */
export const ACTIVE_ORG_COOKIE = "pba-org";

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
export const getSessionUser = cache(
  async (): Promise<(TSessionUser & { sessionOrgId?: string; sessionId: string; ssoOrgId: string | null }) | null> => {
    const s: TSessionClaims | null = await getServerSession(authOptions);
    if (!s?.userId || !s.sid) return null;
    const live = await liveSession(s.sid, s.userId);
    if (!live || live.user.sessionVersion !== s.sv) return null;
    const { user } = live;
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      hasTwoFactor: Boolean(user.totpEnabledAt),
      sessionOrgId: s.orgId,
      sessionId: s.sid,
      ssoOrgId: live.ssoOrgId,
    };
  },
);

const MEMBERSHIP_INCLUDE = { org: { include: { ssoConfig: { select: { enabled: true, allowPassword: true } } } } } as const;

/**
 * The membership a session works in: the organisation chosen with the switcher, else the
 * one signed in to, else the oldest one the session may use (else the oldest). A session
 * made through an organisation's SSO works in that organisation only.
 */
async function chooseMembership(userId: string, sessionOrgId: string | undefined, ssoOrgId: string | null) {
  const find = (orgId: string | null | undefined) =>
    orgId && isUuid(orgId)
      ? db.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, include: MEMBERSHIP_INCLUDE })
      : Promise.resolve(null);
  if (ssoOrgId) return find(ssoOrgId);
  const chosen = (await find(await activeOrgCookie())) ?? (await find(sessionOrgId));
  if (chosen) return chosen;
  const all = await db.membership.findMany({ where: { userId }, include: MEMBERSHIP_INCLUDE, orderBy: { createdAt: "asc" } });
  return all.find((m) => sessionAccess(m, { ssoOrgId }) === "ok") ?? all[0] ?? null;
}

/**
 * The signed-in user of this request, with the organisation and role read fresh from the
 * database (see chooseMembership). Null when signed out or a member of no organisation.
 * Memberships are independent: losing one never ends the session for the others. An
 * organisation that allows only SSO sign-in marks a password session `mustUseSso`.
 */
export const getSessionActor = cache(async (): Promise<TActor | null> => {
  const user = await getSessionUser();
  if (!user) return null;
  const membership = await chooseMembership(user.userId, user.sessionOrgId, user.ssoOrgId);
  if (!membership) return null;
  return {
    userId: user.userId,
    email: user.email,
    orgId: membership.orgId,
    orgSlug: membership.org.slug,
    orgName: membership.org.name,
    role: membership.role,
    via: "session",
    mustEnrollTwoFactor: mustEnrollTwoFactor(membership, user, user.hasTwoFactor),
    mustUseSso: sessionAccess(membership, user) === "sso",
  };
});

/** Why a password session cannot work in an organisation that allows only SSO sign-in. */
export const ssoRequiredMessage = (actor: Pick<TActor, "orgName" | "orgSlug">): string =>
  `${actor.orgName} allows only sign-in with single sign-on (SSO): sign in with SSO (organisation ${actor.orgSlug}) to work there.`;

/**
 * Throws 401 when there is no actor, 403 when its role is below `needed`, when its
 * organisation requires two-factor authentication the user has not turned on, or when it
 * allows only SSO sign-in and this session was made with a password.
 */
export function assertRole(actor: TActor | null, needed: TRole): TActor {
  if (!actor) throw new AppError("unauthorized", "Sign in or send a valid API token.");
  if (actor.mustUseSso) throw new AppError("forbidden", ssoRequiredMessage(actor));
  if (actor.mustEnrollTwoFactor) {
    throw new AppError("forbidden", `${actor.orgName} requires two-factor authentication: turn it on on your Account page first.`);
  }
  if (!hasRole(actor.role, needed)) {
    throw new AppError("forbidden", `This needs the ${needed} role or higher; you are ${actor.role}.`);
  }
  return actor;
}
