import { expect, test } from "@playwright/test";
import { enableTwoFactor, inviteAndSignUp } from "./invite";

test("an owner invites a viewer, who joins with their own password and can read but not change anything", async ({ page, browser }) => {
  const email = `viewer-${Date.now()}@example.com`;
  const { context, invitee, link } = await inviteAndSignUp(page, browser, email, "viewer", "viewer-password-1");
  await expect(invitee.getByLabel("New phone book name")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("members-table").getByRole("cell", { name: email })).toBeVisible();
  await expect(page.getByTestId("invitations-table")).toHaveCount(0);

  // The link worked once.
  await invitee.goto(link);
  await expect(invitee.getByText("This invitation link is not valid")).toBeVisible();

  // Signing in again later uses the password the invitee chose.
  await context.clearCookies();
  await invitee.goto("/login");
  await invitee.getByLabel("Email").fill(email);
  await invitee.getByLabel("Password").fill("viewer-password-1");
  await invitee.getByRole("button", { name: "Sign in" }).click();
  await expect(invitee.getByTestId("whoami")).toContainText("viewer");
  await context.close();
});

test("an API token needs 2FA, is shown once, works within its scopes, and shows where it was last used", async ({
  page: owner,
  browser,
  request,
}) => {
  const name = `e2e-${Date.now()}`;
  const { context, invitee: page } = await inviteAndSignUp(
    owner,
    browser,
    `tokens-${Date.now()}@example.com`,
    "admin",
    "tokens-password-1",
  );
  await page.goto("/tokens");
  await page.getByLabel("Token name").fill("before-2fa");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "needs two-factor authentication" })).toBeVisible();
  await enableTwoFactor(page);
  await page.goto("/tokens");
  await page.getByLabel("Token name").fill(name);
  await expect(page.getByLabel("read", { exact: true })).toBeChecked();
  await expect(page.getByLabel("write", { exact: true })).not.toBeChecked();
  await page.getByLabel("Expires").selectOption("7");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^pba_/);
  const auth = { authorization: `Bearer ${token}` };
  const res = await request.get("/api/v1/phonebooks", { headers: auth });
  expect(res.status()).toBe(200);
  expect(await res.json()).toHaveProperty("phonebooks");
  const write = await request.post("/api/v1/phonebooks", { headers: auth, data: { name: "NOPE1" } });
  expect(write.status()).toBe(403);
  expect(((await write.json()) as { error: { message: string } }).error.message).toContain('lacks the "admin" scope');
  const bad = await request.get("/api/v1/phonebooks", { headers: { authorization: "Bearer pba_nope" } });
  expect(bad.status()).toBe(401);

  await page.reload();
  const row = page.getByTestId("token-row").filter({ hasText: name });
  await expect(row).toContainText("read");
  await expect(row.getByTestId("token-last-used")).toContainText(/from (127\.0\.0\.1|::1)/);
  await expect(row.getByRole("cell", { name: "active" })).toBeVisible();

  // Revoking asks in an AlertDialog: Cancel keeps the token, the dialog's button revokes it.
  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke API token "${name}"?` });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  expect((await request.get("/api/v1/phonebooks", { headers: auth })).status()).toBe(200);
  await row.getByRole("button", { name: "Revoke" }).click();
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(row.getByRole("cell", { name: /revoked/ })).toBeVisible();
  expect((await request.get("/api/v1/phonebooks", { headers: auth })).status()).toBe(401);
  await context.close();
});
