import { expect, type Browser, type Page } from "@playwright/test";
import { generate } from "otplib";

/**
 * An admin (on `page`) invites `email` at `role` from the Members page; the invitee opens the
 * link in a fresh browser, creates their account with their own password and lands signed in.
 */
export async function inviteAndSignUp(page: Page, browser: Browser, email: string, role: string, password: string) {
  await page.goto("/members");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Invite" }).click();
  const link = (await page.getByTestId("invitation-link").textContent()) ?? "";
  expect(link).toMatch(/\/invite\/pbi_/);
  await expect(page.getByTestId("invitations-table")).toContainText(email);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByTestId("invitation-summary")).toContainText(email);
  await invitee.getByLabel("Your name").fill("Invited Person");
  await invitee.getByLabel("Choose a password").fill(password);
  await invitee.getByRole("button", { name: "Create account and join" }).click();
  await expect(invitee.getByTestId("whoami")).toContainText(role);
  return { context, invitee, link };
}

/** Turns on 2FA from the Account page; returns the TOTP secret and the recovery codes. */
export async function enableTwoFactor(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.goto("/account");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  // The code of the previous 30 s step, so the current one is still unused for a sign-in.
  await page.getByLabel("Code from the app").fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) - 30 }));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const codes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  return { secret, codes };
}
