import { expect, test } from "@playwright/test";

const uniqueName = () => `E${Date.now().toString(36).toUpperCase().slice(-6)}${Math.floor(Math.random() * 10)}`;

test("create a phone book, and see the name rules enforced", async ({ page }) => {
  await page.goto("/phonebooks");
  await page.getByLabel("New phone book name").fill("MY-ISP");
  await page.getByRole("button", { name: "Create phone book" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "letters and digits" })).toBeVisible();

  const name = uniqueName();
  await page.getByLabel("New phone book name").fill(name);
  await page.getByLabel("Description").fill("Created by e2e");
  await page.getByRole("button", { name: "Create phone book" }).click();
  await expect(page.getByTestId("phonebooks-table").getByRole("link", { name })).toBeVisible();
});
