import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { hasRole, type TRole } from "@/lib/roles";
import type { TActor } from "./actor";
import { authOptions } from "./options";

/**
 * The signed-in user of this request, with the organisation and role read fresh from the
 * database; null when signed out, when the session was invalidated (password or role
 * change bumps `sessionVersion`) or when the membership is gone.
 */
export const getSessionActor = cache(async (): Promise<TActor | null> => {
  const session = await getServerSession(authOptions);
  const s = session as { userId?: string; orgId?: string; sv?: number } | null;
  if (!s?.userId || !s.orgId) return null;
  const membership = await db.membership.findUnique({
    where: { orgId_userId: { orgId: s.orgId, userId: s.userId } },
    include: { user: true, org: true },
  });
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
