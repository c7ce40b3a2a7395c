"use server";

import { revalidatePath } from "next/cache";
import { ZOrganizationName, ZSwitchOrganization } from "@/lib/schemas/organization";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { setActiveOrgCookie } from "@/lib/server/auth/active-org-cookie";
import { assertRole, getSessionActor } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { renameOrganization, setRequireTwoFactor } from "@/lib/server/organizations/organization-settings";
import { parseInput } from "@/lib/server/validate";

export async function renameOrganizationAction(_prev: unknown, form: FormData): Promise<TActionResult<null>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "owner");
    await renameOrganization({ actor, name: parseInput(ZOrganizationName, form.get("name"), "name") });
    revalidatePath("/", "layout");
    return null;
  }, "Saved");
}

export async function switchOrganizationAction(orgId: unknown): Promise<TActionResult<null>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const id = parseInput(ZSwitchOrganization, orgId, "organisation");
    const membership = await db.membership.findUnique({ where: { orgId_userId: { orgId: id, userId: actor.userId } } });
    if (!membership) throw new AppError("not_found", "You are not a member of that organisation");
    await setActiveOrgCookie(id);
    revalidatePath("/", "layout");
    return null;
  });
}

export async function setRequireTwoFactorAction(required: boolean): Promise<TActionResult<{ withoutTwoFactor: number }>> {
  return runAction(
    async () => {
      const actor = assertRole(await getSessionActor(), "owner");
      const result = await setRequireTwoFactor({ actor, required: required === true });
      revalidatePath("/organization");
      return result;
    },
    required ? "Two-factor authentication is now required" : "Two-factor authentication is optional",
  );
}
