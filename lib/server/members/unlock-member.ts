import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { clearAccount } from "@/lib/server/auth/login-throttle";
import { db } from "@/lib/server/db";
import { getMembership } from "./list-members";

/** An owner clears a member's sign-in delays, from every address. */
export async function unlockMember(options: { actor: TActor; userId: string }): Promise<{ email: string; cleared: number }> {
  const actor = assertRole(options.actor, "owner");
  const member = await getMembership(actor, options.userId);
  const cleared = await clearAccount(member.user.email);
  await recordAudit(db, {
    actor,
    action: "member.unlock",
    entity: "member",
    entityId: member.userId,
    summary: `Cleared the sign-in delays of ${member.user.email} (${cleared} address(es))`,
    after: { cleared },
  });
  return { email: member.user.email, cleared };
}
