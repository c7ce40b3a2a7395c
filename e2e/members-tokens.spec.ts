import { expect, test } from "@playwright/test";

test("an owner adds a viewer, who can read but not change anything", async ({ page, browser }) => {
  const email = `viewer-${Date.now()}@example.com`;
  await page.goto("/members");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Initial password").fill("viewer-password-1");
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: /Add member/ }).click();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.goto("/login");
  await viewer.getByLabel("Email").fill(email);
  await viewer.getByLabel("Password").fill("viewer-password-1");
  await viewer.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer.getByTestId("whoami")).toContainText("viewer");
  await expect(viewer.getByLabel("New phone book name")).toHaveCount(0);
  await context.close();
});

test("an API token is shown once and works against the API", async ({ page, request }) => {
  await page.goto("/tokens");
  await page.getByLabel("Token name").fill(`e2e-${Date.now()}`);
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByLabel("New API token").inputValue();
  expect(token).toMatch(/^pba_/);
  const res = await request.get("/api/v1/phonebooks", { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toHaveProperty("phonebooks");
  const bad = await request.get("/api/v1/phonebooks", { headers: { authorization: "Bearer pba_nope" } });
  expect(bad.status()).toBe(401);
});
