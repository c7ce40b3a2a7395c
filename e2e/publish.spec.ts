import { expect, test } from "@playwright/test";

const uniqueName = () => `V${Date.now().toString(36).toUpperCase().slice(-6)}${Math.floor(Math.random() * 10)}`;

test("publish versions with progress, see the history and the diff, download a cab", async ({ page }) => {
  const name = uniqueName();
  await page.goto("/phonebooks");
  await page.getByLabel("New phone book name").fill(name);
  await page.getByRole("button", { name: "Create phone book" }).click();
  await page.goto(`/phonebooks/${name}/pops/new`);
  await page.getByLabel("POP index").fill("1");
  await page.getByLabel("City").fill("Leeds");
  await page.getByLabel("Access number").fill("01131234");
  await page.getByRole("button", { name: "Add POP" }).click();
  await expect(page.getByTestId("pops-grid").getByRole("button", { name: "Edit City of POP 1" })).toHaveText("Leeds");

  await page.getByRole("link", { name: "Versions" }).click();
  await expect(page.getByTestId("publish-preview")).toContainText("1 added");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText(/Published version 1:/)).toBeVisible();
  await expect(page.getByTestId("versions-table")).toContainText(`${name}_1_full.cab`);
  await expect(page.getByTestId("publish-preview")).toContainText("Nothing changed since version 1");

  await page.getByRole("link", { name: "POPs" }).click();
  await page.getByRole("button", { name: "Edit City of POP 1" }).click();
  await page.getByLabel("City of POP 1").fill("Bradford");
  await page.getByLabel("City of POP 1").press("Enter");
  await expect(page.getByRole("button", { name: "Edit City of POP 1" })).toHaveText("Bradford");
  await page.getByRole("link", { name: "Versions" }).click();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText(/Published version 2:/)).toBeVisible();

  await page.goto(`/phonebooks/${name}/versions/diff?from=1&to=2`);
  await expect(page.getByTestId("diff-summary")).toContainText("0 added · 1 changed · 0 removed");
  await expect(page.getByRole("cell", { name: "Bradford" })).toBeVisible();

  const cab = await page.request.get(`/api/v1/phonebooks/${name}/versions/2/files/${name}_2_from_1.cab`);
  expect(cab.status()).toBe(200);
  expect(cab.headers()["content-type"]).toBe("application/vnd.ms-cab-compressed");
  expect((await cab.body()).subarray(0, 4).toString("latin1")).toBe("MSCF");
});
