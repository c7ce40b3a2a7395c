import { expect, test as setup } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";

setup("sign in as the bootstrapped owner", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E_ADMIN.email);
  await page.getByLabel("Password").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Phone books" })).toBeVisible();
  await expect(page.getByTestId("whoami")).toContainText("owner");
  await page.context().storageState({ path: "e2e/.auth/owner.json" });
});
