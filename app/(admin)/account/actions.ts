"use server";

import { formText } from "@/lib/form-text";
import { ZChangePassword } from "@/lib/schemas/account";
import { changePassword } from "@/lib/server/account/change-password";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { assertRole, getSessionActor, getSessionUser } from "@/lib/server/auth/get-actor";
import { markSecondFactor, revokeAllSessions, revokeSession } from "@/lib/server/auth/sessions";
import { confirmTwoFactor, disableTwoFactor, startTwoFactor } from "@/lib/server/auth/two-factor";
import { ZTwoFactorCode } from "@/lib/schemas/account";
import { db } from "@/lib/server/db";
import { AppError, notFound } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validate";

export async function changePasswordAction(_prev: unknown, form: FormData): Promise<TActionResult<{ revokedTokens: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const input = parseInput(
      ZChangePassword,
      Object.fromEntries(["currentPassword", "newPassword", "confirm", "revokeTokens"].map((k) => [k, formText(form, k)])),
      "password change",
    );
    return changePassword({ actor, ...input });
  });
}

export async function revokeSessionAction(sessionId: string): Promise<TActionResult<{ isCurrent: boolean }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const current = await getSessionUser();
    if (!(await revokeSession({ userId: actor.userId, sessionId }))) throw notFound("Session");
    await recordAudit(db, {
      actor,
      action: "session.revoke",
      entity: "session",
      entityId: sessionId,
      summary: `${actor.email} ended a session`,
    });
    revalidatePath("/account");
    return { isCurrent: current?.sessionId === sessionId };
  }, "Session ended");
}

export async function signOutEverywhereAction(): Promise<TActionResult<{ ended: number }>> {
  return runAction(async () => {
    const actor = assertRole(await getSessionActor(), "viewer");
    const ended = await revokeAllSessions(actor.userId);
    await recordAudit(db, {
      actor,
      action: "session.revoke",
      entity: "session",
      summary: `${actor.email} signed out everywhere (${ended} session(s))`,
    });
    return { ended };
  });
}

async function sessionUserOrThrow() {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in again.");
  return user;
}

export async function startTwoFactorAction(): Promise<TActionResult<{ secret: string; qrDataUrl: string }>> {
  return runAction(async () => {
    const user = await sessionUserOrThrow();
    const { secret, qrDataUrl } = await startTwoFactor(user.userId);
    return { secret, qrDataUrl };
  });
}

export async function confirmTwoFactorAction(code: string): Promise<TActionResult<{ recoveryCodes: string[] }>> {
  return runAction(async () => {
    const user = await sessionUserOrThrow();
    const result = await confirmTwoFactor(user.userId, parseInput(ZTwoFactorCode, code, "code"));
    await markSecondFactor(user.sessionId);
    revalidatePath("/", "layout");
    return result;
  }, "Two-factor authentication is on");
}

export async function disableTwoFactorAction(code: string): Promise<TActionResult<null>> {
  return runAction(async () => {
    const user = await sessionUserOrThrow();
    await disableTwoFactor(user.userId, parseInput(ZTwoFactorCode, code, "code"));
    revalidatePath("/", "layout");
    return null;
  }, "Two-factor authentication is off");
}
