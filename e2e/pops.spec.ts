import { expect, test } from "@playwright/test";

const uniqueName = () => `P${Date.now().toString(36).toUpperCase().slice(-6)}${Math.floor(Math.random() * 10)}`;

test("create a phone book, add a region and a POP, edit it, and see validation errors", async ({ page }) => {
  const name = uniqueName();
  await page.goto("/phonebooks");
  await page.getByLabel("New phone book name").fill(name);
  await page.getByRole("button", { name: "Create phone book" }).click();
  await page.getByTestId("phonebooks-table").getByRole("link", { name }).click();
  await expect(page.getByTestId("phonebook-title")).toHaveText(name);

  // Region
  await page.getByRole("link", { name: "Regions" }).click();
  await page.getByLabel("New region").fill("Washington");
  await page.getByRole("button", { name: "Add region" }).click();
  await expect(page.getByTestId("regions-table").getByRole("row", { name: /^1 Washington 0/ })).toBeVisible();

  // POP with a bad access number first: the form refuses it and says why.
  await page.getByRole("link", { name: "POPs" }).click();
  await page.getByRole("button", { name: "Add POP" }).click();
  await page.getByLabel("POP index").fill("23");
  // A shared calling code lists each TAPI entry: Canada stores 107, not 1.
  await page.getByLabel("Country/region (TAPI ID)").selectOption({ label: "Canada (+1) · ID 107" });
  await page.getByLabel("Region", { exact: true }).selectOption({ label: "Washington (1)" });
  await page.getByLabel("City").fill("Redmond");
  await page.getByLabel("Area code").fill("4-25");
  await page.getByLabel("Access number").fill("555-CALL");
  await page.getByRole("button", { name: "Add POP" }).click();
  await expect(page.getByText(/Access number may contain only/)).toBeVisible();

  await page.getByLabel("Access number").fill("5550134");
  await page.getByLabel("Supports multicast").uncheck();
  await page.getByLabel("Surcharge").check();
  await page.getByRole("button", { name: "Add POP" }).click();

  const grid = page.getByTestId("pops-grid");
  await expect(grid.getByRole("button", { name: "Edit City of POP 23" })).toHaveText("Redmond");
  await expect(grid.getByText("No multicast")).toBeVisible();
  await expect(grid.getByText("Washington")).toBeVisible();
  await expect(grid.getByText("Canada (+1)")).toBeVisible();
  await expect(grid.getByRole("button", { name: "Edit Area code of POP 23" })).toHaveText("425");

  // Inline edit: a bad value is refused in place, a good one is saved.
  await grid.getByRole("button", { name: "Edit Access number of POP 23" }).click();
  const input = grid.getByLabel("Access number of POP 23");
  await input.fill("12345678901234567890123456789012345678");
  await input.press("Enter");
  await expect(grid.getByRole("alert")).toContainText("at most 35 characters");
  await input.fill("555-0199");
  await input.press("Enter");
  await expect(grid.getByRole("button", { name: "Edit Access number of POP 23" })).toHaveText("555-0199");

  // The edit survives a reload (it is in the database) and the search filter finds it.
  await page.goto(`/phonebooks/${name}/pops?q=0199`);
  await expect(page.getByTestId("grid-range")).toHaveText("1–1 of 1");

  // The in-service badge toggles in place.
  await page.getByRole("button", { name: "Take out of service POP 23" }).click();
  await expect(page.getByRole("button", { name: "Put in service POP 23" })).toHaveText("no");
});
