"use server";

import { revalidatePath } from "next/cache";
import { ZOrganizationName, ZSwitchOrganization } from "@/lib/schemas/organization";
import { ZSsoSettings } from "@/lib/schemas/sso";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { setActiveOrgCookie } from "@/lib/server/auth/active-org-cookie";
import { assertRole, getSessionActor, getSessionUser, ssoRequiredMessage } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { renameOrganization, setRequireTwoFactor } from "@/lib/server/organizations/organization-settings";
import { sessionAccess } from "@/lib/server/sso/sso-policy";
import { deleteSsoSettings, saveSsoSettings, type TSsoSettingsView } from "@/lib/server/sso/sso-settings";
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
    // The session user, not the actor: a session stuck in an SSO-only organisation may leave it.
    const user = await getSessionUser();
    if (!user) throw new AppError("unauthorized", "Your session has ended: sign in again.");
    const id = parseInput(ZSwitchOrganization, orgId, "organisation");
    const membership = await db.membership.findUnique({
      where: { orgId_userId: { orgId: id, userId: user.userId } },
      include: { org: { include: { ssoConfig: { select: { enabled: true, allowPassword: true } } } } },
    });
    if (!membership) throw new AppError("not_found", "You are not a member of that organisation");
    const access = sessionAccess(membership, user);
    if (access === "sso")
      throw new AppError("forbidden", ssoRequiredMessage({ orgName: membership.org.name, orgSlug: membership.org.slug }));
    if (access === "elsewhere") {
      throw new AppError(
        "forbidden",
        `This session was made through another organisation's single sign-on: sign in again to work in ${membership.org.name}.`,
      );
    }
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

const checked = (form: FormData, name: string) => form.get(name) === "on";

/** Saves the organisation's single sign-on settings (owner); discovery runs first. */
export async function saveSsoAction(form: FormData): Promise<TActionResult<TSsoSettingsView>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "owner");
    const input = parseInput(
      ZSsoSettings,
      {
        issuer: form.get("issuer"),
        clientId: form.get("clientId"),
        clientSecret: form.get("clientSecret") ?? undefined,
        defaultRole: form.get("defaultRole"),
        allowPassword: checked(form, "allowPassword"),
        enabled: checked(form, "enabled"),
      },
      "settings",
    );
    const saved = await saveSsoSettings({ actor, input });
    revalidatePath("/organization");
    return saved;
  }, "Saved");
}

/** Removes the organisation's single sign-on (owner). */
export async function deleteSsoAction(): Promise<TActionResult<null>> {
  return runAction(async () => {
    await deleteSsoSettings({ actor: assertRole(await getSessionActor(), "owner") });
    revalidatePath("/organization");
    return null;
  }, "Single sign-on removed");
}
