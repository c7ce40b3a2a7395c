import "server-only";
import { redirect } from "next/navigation";
import { hasRole, type TRole } from "@/lib/roles";
import type { TActor } from "./actor";
import { getSessionActor, getSessionUser } from "./get-actor";

/**
 * For pages: the signed-in actor, or a redirect to /login (signed out) or /no-organization
 * (signed in, member of none); 403 page text when the role is too low.
 */
export async function requirePageActor(needed: TRole = "viewer"): Promise<TActor> {
  const actor = await getSessionActor();
  if (!actor) redirect((await getSessionUser()) ? "/no-organization" : "/login");
  if (!hasRole(actor.role, needed)) redirect("/forbidden");
  return actor;
}
