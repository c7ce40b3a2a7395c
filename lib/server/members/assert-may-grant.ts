import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { AppError } from "@/lib/server/errors";
import { hasRole, type TRole } from "@/lib/roles";

/** Only owners may make owners; admins grant up to admin. */
export function assertMayGrant(actor: TActor, role: TRole): void {
  if (role === "owner" && !hasRole(actor.role, "owner")) {
    throw new AppError("forbidden", `Only an owner can make someone an owner; you are ${actor.role}.`);
  }
}
