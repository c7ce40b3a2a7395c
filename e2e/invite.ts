import { expect, type Browser, type Page } from "@playwright/test";

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
