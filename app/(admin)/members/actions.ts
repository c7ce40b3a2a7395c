"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { formText } from "@/lib/form-text";
import { ZInvitationCreate } from "@/lib/schemas/invitation";
import { ZMemberRolePatch } from "@/lib/schemas/member";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { createInvitation, type TInvitationResult } from "@/lib/server/invitations/create-invitation";
import { revokeInvitation } from "@/lib/server/invitations/revoke-invitation";
import { sendMemberReset } from "@/lib/server/account/password-reset";
import { unlockMember } from "@/lib/server/members/unlock-member";
import { removeMember } from "@/lib/server/members/remove-member";
import { updateMemberRole } from "@/lib/server/members/update-member-role";
import { originFromHeaders } from "@/lib/server/request-origin";
import { parseInput } from "@/lib/server/validate";

export type TInviteState = TActionResult<TInvitationResult> & { values: { email: string; role: string } };

export async function inviteMemberAction(_prev: unknown, form: FormData): Promise<TInviteState> {
  const values = { email: formText(form, "email"), role: formText(form, "role") };
  const result = await runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const input = parseInput(ZInvitationCreate, values, "invitation");
    const invitation = await createInvitation({ actor, input, origin: originFromHeaders(await headers()) });
    revalidatePath("/members");
    return invitation;
  }, "Invitation created");
  return { ...result, values };
}

export async function revokeInvitationAction(id: string): Promise<TActionResult<{ email: string }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "admin");
    const result = await revokeInvitation({ actor, id });
    revalidatePath("/members");
    return { email: result.email };
  }, "Invitation withdrawn");
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

export async function unlockMemberAction(userId: string): Promise<TActionResult<{ cleared: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "owner");
    return { cleared: (await unlockMember({ actor, userId })).cleared };
  }, "Sign-in delays cleared");
}

export async function sendMemberResetAction(userId: string): Promise<TActionResult<{ email: string }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "owner");
    return sendMemberReset({ actor, userId, origin: originFromHeaders(await headers()) });
  }, "Reset link emailed");
}
