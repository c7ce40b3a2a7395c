"use server";

import { revalidatePath } from "next/cache";
import { ZMemberAdd, ZMemberRolePatch } from "@/lib/schemas/member";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { addMember } from "@/lib/server/members/add-member";
import { removeMember } from "@/lib/server/members/remove-member";
import { updateMemberRole } from "@/lib/server/members/update-member-role";
import { parseInput } from "@/lib/server/validate";

export async function addMemberAction(_prev: unknown, form: FormData): Promise<TActionResult<{ email: string; isNewUser: boolean }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const input = parseInput(
      ZMemberAdd,
      { email: form.get("email") ?? "", role: form.get("role"), name: form.get("name"), password: form.get("password") },
      "member",
    );
    const member = await addMember({ actor, input });
    revalidatePath("/members");
    return { email: member.email, isNewUser: member.isNewUser };
  }, "Member added");
}

export async function updateMemberRoleAction(userId: string, role: string): Promise<TActionResult<{ role: string }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const patch = parseInput(ZMemberRolePatch, { role }, "role");
    const member = await updateMemberRole({ actor, userId, role: patch.role });
    revalidatePath("/members");
    return { role: member.role };
  }, "Role changed");
}

export async function removeMemberAction(userId: string): Promise<TActionResult<{ revokedTokens: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const result = await removeMember({ actor, userId });
    revalidatePath("/members");
    return { revokedTokens: result.revokedTokens };
  }, "Member removed");
}
