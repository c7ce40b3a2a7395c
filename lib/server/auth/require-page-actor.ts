import "server-only";
import { redirect } from "next/navigation";
import { hasRole, type TRole } from "@/lib/roles";
import type { TActor } from "./actor";
import { getSessionActor } from "./get-actor";

/** For pages: the signed-in actor, or a redirect to /login; 403 page text when the role is too low. */
export async function requirePageActor(needed: TRole = "viewer"): Promise<TActor> {
  const actor = await getSessionActor();
  if (!actor) redirect("/login");
  if (!hasRole(actor.role, needed)) redirect("/forbidden");
  return actor;
}
