import { expect, test } from "@playwright/test";

const uniqueName = () => `E${Date.now().toString(36).toUpperCase().slice(-6)}${Math.floor(Math.random() * 10)}`;

test("create a phone book, and see the name rules enforced", async ({ page }) => {
  await page.goto("/phonebooks");
  await page.getByLabel("New phone book name").fill("MY-ISP");
  await page.getByLabel("Description").fill("Kept after the error");
  await page.getByRole("button", { name: "Create phone book" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "letters and digits" })).toBeVisible();
  // A refusal keeps what was typed.
  await expect(page.getByLabel("New phone book name")).toHaveValue("MY-ISP");
  await expect(page.getByLabel("Description")).toHaveValue("Kept after the error");

  const name = uniqueName();
  await page.getByLabel("New phone book name").fill(name);
  await page.getByLabel("Description").fill("Created by e2e");
  await page.getByRole("button", { name: "Create phone book" }).click();
  await expect(page.getByTestId("phonebooks-table").getByRole("link", { name })).toBeVisible();
  // A success starts the form empty again.
  await expect(page.getByLabel("New phone book name")).toHaveValue("");
  await expect(page.getByLabel("Description")).toHaveValue("");
});

test("delete a phone book: purging its published files needs its name typed", async ({ page }) => {
  const name = uniqueName();
  await page.goto("/phonebooks");
  await page.getByLabel("New phone book name").fill(name);
  await page.getByRole("button", { name: "Create phone book" }).click();
  const row = page.getByTestId("phonebooks-table").getByRole("row").filter({ hasText: name });
  await expect(row).toBeVisible();

  await row.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog", { name: `Delete phone book ${name}?` });
  await dialog.getByLabel(/Also delete its published files/).check();
  const purge = dialog.getByRole("button", { name: "Delete and purge files" });
  await expect(purge).toBeDisabled();
  const typed = dialog.getByLabel(/to confirm the purge/);
  await typed.fill(name.slice(0, -1));
  await expect(purge).toBeDisabled();
  await typed.fill(name);
  await expect(purge).toBeEnabled();
  await purge.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText(`Deleted ${name}`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("phonebooks-table").getByRole("link", { name, exact: true })).toHaveCount(0);
});
