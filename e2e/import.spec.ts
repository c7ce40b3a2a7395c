import { expect, test } from "@playwright/test";

const uniqueName = () => `I${Date.now().toString(36).toUpperCase().slice(-6)}${Math.floor(Math.random() * 10)}`;
const HEADER = "popIndex;countryCode;region;name;areaCode;accessNumber;flags";

test("import: preview, a row error at its line, fix, confirm, history", async ({ page }) => {
  const name = uniqueName();
  await page.goto("/phonebooks");
  await page.getByLabel("New phone book name").fill(name);
  await page.getByRole("button", { name: "Create phone book" }).click();
  await expect(page.getByTestId("phonebooks-table").getByRole("link", { name })).toBeVisible();
  await page.goto(`/phonebooks/${name}/import`);

  const rows = Array.from({ length: 40 }, (_, i) => `${i + 1};49;Bavaria;Munich ${i + 1};089;555${i + 1};0`);
  rows[29] = "30;49;Bavaria;Munich 30;089;CALL-ME;0"; // line 31 (header is line 1)
  await page
    .getByLabel("Choose a CSV file")
    .setInputFiles({ name: "isp.csv", mimeType: "text/csv", buffer: Buffer.from([HEADER, ...rows].join("\n")) });
  await expect(page.getByText(/CSV with a header, “;” separated/)).toBeVisible();
  await expect(page.getByTestId("import-preview")).toContainText("Munich 1");
  await page.getByRole("button", { name: "Check file" }).click();
  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("nothing was imported");
  await expect(errors.getByRole("row").nth(1)).toContainText("31");
  await expect(errors.getByRole("row").nth(1)).toContainText("accessNumber");

  rows[29] = "30;49;Bavaria;Munich 30;089;55530;0";
  await page
    .getByLabel("Choose a CSV file")
    .setInputFiles({ name: "isp-fixed.csv", mimeType: "text/csv", buffer: Buffer.from([HEADER, ...rows].join("\n")) });
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByTestId("import-check")).toContainText("40 to add");
  await expect(page.getByTestId("import-check")).toContainText("New regions: Bavaria");
  await page.getByRole("button", { name: "Import 40 changes" }).click();
  await expect(page.getByText(/Imported: 40 added/)).toBeVisible();
  await expect(page.getByTestId("import-history")).toContainText("isp-fixed.csv");

  await page.goto(`/phonebooks/${name}/pops?q=munich 30`);
  await expect(page.getByTestId("grid-range")).toHaveText("1–1 of 1");
});
