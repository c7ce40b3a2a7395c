import { expect, test } from "@playwright/test";

test.describe("sign-in", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    await page.goto("/phonebooks");
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill("wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
  });
});
