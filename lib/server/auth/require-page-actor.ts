import "server-only";
import { redirect } from "next/navigation";
import { hasRole, type TRole } from "@/lib/roles";
import type { TActor } from "./actor";
import { getSessionActor, getSessionUser } from "./get-actor";

/**
 * For pages: the signed-in actor, or a redirect to /login (signed out) or /no-organization
 * (signed in, member of none), /sso-required (a password session where the organisation allows
 * only SSO sign-in) or /account (2FA required by the organisation and not on);
 * 403 page text when the role is too low.
 */
export async function requirePageActor(needed: TRole = "viewer", options: { isAccountPage?: boolean } = {}): Promise<TActor> {
  const actor = await getSessionActor();
  if (!actor) redirect((await getSessionUser()) ? "/no-organization" : "/login");
  // An organisation that allows only SSO sign-in: a password session gets a page that says so.
  if (actor.mustUseSso) redirect("/sso-required");
  // An organisation that requires 2FA lets its members reach only the Account page to turn it on.
  if (actor.mustEnrollTwoFactor && !options.isAccountPage) redirect("/account?enrol=2fa");
  if (!hasRole(actor.role, needed)) redirect("/forbidden");
  return actor;
}
