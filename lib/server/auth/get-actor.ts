import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { hasRole, type TRole } from "@/lib/roles";
import type { TActor } from "./actor";
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

/**
 * The signed-in user of this request, with the organisation and role read fresh from the
 * database; null when signed out, when the session was invalidated (password or role
 * change bumps `sessionVersion`) or when the membership is gone.
 */
export const getSessionActor = cache(async (): Promise<TActor | null> => {
  const session = await getServerSession(authOptions);
  const s = session as { userId?: string; orgId?: string; sv?: number } | null;
  if (!s?.userId || !s.orgId) return null;
  // The organisation chosen with the switcher (a cookie), when the user is still a member of it.
  const chosen = await activeOrgCookie();
  const include = { user: true, org: true } as const;
  const membership =
    (chosen && /^[0-9a-f-]{36}$/.test(chosen)
      ? await db.membership.findUnique({ where: { orgId_userId: { orgId: chosen, userId: s.userId } }, include })
      : null) ?? (await db.membership.findUnique({ where: { orgId_userId: { orgId: s.orgId, userId: s.userId } }, include }));
  if (!membership || membership.user.sessionVersion !== s.sv) return null;
  return {
    userId: membership.userId,
    email: membership.user.email,
    orgId: membership.orgId,
    orgSlug: membership.org.slug,
    orgName: membership.org.name,
    role: membership.role,
    via: "session",
  };
});

/** Throws 401 when there is no actor and 403 when its role is below `needed`. */
export function assertRole(actor: TActor | null, needed: TRole): TActor {
  if (!actor) throw new AppError("unauthorized", "Sign in or send a valid API token.");
  if (!hasRole(actor.role, needed)) {
    throw new AppError("forbidden", `This needs the ${needed} role or higher; you are ${actor.role}.`);
  }
  return actor;
}
