import { expect, test, type Page } from "@playwright/test";
import { generate } from "otplib";
import { enableTwoFactor, inviteAndSignUp } from "./invite";

async function signIn(page: Page, email: string, password: string, code: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Two-factor code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("TOTP: enrol with the QR code's key, sign in with a code, then with a recovery code", async ({ page, browser }) => {
  const email = `totp-${Date.now()}@example.com`;
  const password = "totp-password-1";
  const { context, invitee } = await inviteAndSignUp(page, browser, email, "editor", password);

  const { secret, codes } = await enableTwoFactor(invitee);

  // Signed out, the password alone is not enough.
  await invitee.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(invitee).toHaveURL(/\/login/);
  await signIn(invitee, email, password, "000000");
  await expect(invitee.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
  await invitee.getByLabel("Two-factor code").fill(await generate({ secret }));
  await invitee.getByRole("button", { name: "Verify" }).click();
  await expect(invitee.getByTestId("whoami")).toContainText("editor");

  // With a recovery code instead of the app.
  await invitee.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(invitee).toHaveURL(/\/login/);
  await signIn(invitee, email, password, codes[0] ?? "");
  await expect(invitee.getByTestId("whoami")).toContainText("editor");
  await invitee.goto("/account");
  await expect(invitee.getByTestId("two-factor-status")).toContainText("9 recovery code(s) left");
  await context.close();
});
