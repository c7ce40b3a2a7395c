import { expect, test } from "@playwright/test";
import { inviteAndSignUp } from "./invite";

test("a session revoked from the list is signed out, and a cookie copied before sign-out is dead", async ({ page, browser }) => {
  const email = `sessions-${Date.now()}@example.com`;
  const { context: first, invitee } = await inviteAndSignUp(page, browser, email, "editor", "sessions-password-1");

  // The same person signs in from a second browser.
  const second = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const other = await second.newPage();
  await other.goto("/login");
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("sessions-password-1");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByTestId("whoami")).toContainText("editor");

  // From the first browser, revoke the second one.
  await invitee.goto("/account");
  const rows = invitee.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "(this browser)" })).toHaveCount(1);
  await rows
    .filter({ hasNotText: "(this browser)" })
    .getByRole("button", { name: /End session/ })
    .click();
  await invitee.getByRole("alertdialog").getByRole("button", { name: "End session" }).click();
  await expect(rows).toHaveCount(1);
  await other.goto("/phonebooks");
  await expect(other).toHaveURL(/\/login/);

  // Copy the first browser's cookies, sign out there, then replay the copy elsewhere.
  const copied = await first.cookies();
  await invitee.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(invitee).toHaveURL(/\/login/);
  const replay = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await replay.addCookies(copied);
  const thief = await replay.newPage();
  await thief.goto("/phonebooks");
  await expect(thief).toHaveURL(/\/login/);
  await Promise.all([first.close(), second.close(), replay.close()]);
});
