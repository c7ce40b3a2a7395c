import { expect, test } from "@playwright/test";
import { inviteAndSignUp } from "./invite";

const uniqueName = () => `S${Date.now().toString(36).toUpperCase().slice(-6)}${Math.floor(Math.random() * 10)}`;

// The whole story of SPEC §1–§5 as one admin and one viewer live it, in a real Chromium.
test("sign in → phone book → regions and POPs → import with a bad row, fix → publish → diff → PBS → viewer → sign out", async ({
  page,
  browser,
}) => {
  const name = uniqueName();
  const viewerEmail = `story-viewer-${Date.now()}@example.com`;

  const response = await page.goto("/phonebooks");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  await page.getByLabel("New phone book name").fill(name);
  await page.getByLabel("Description").fill("Story ISP");
  await page.getByRole("button", { name: "Create phone book" }).click();
  await page.getByTestId("phonebooks-table").getByRole("link", { name }).click();

  await page.getByRole("link", { name: "Regions" }).click();
  for (const region of ["Yorkshire", "Bavaria"]) {
    await page.getByLabel("New region").fill(region);
    await page.getByRole("button", { name: "Add region" }).click();
    await expect(page.getByTestId("regions-table").getByRole("cell", { name: region })).toBeVisible();
  }
  await page.getByRole("link", { name: "POPs" }).click();
  await page.getByRole("button", { name: "Add POP" }).click();
  await page.getByLabel("POP index").fill("1");
  await page
    .getByLabel("Country/region (TAPI ID)")
    .selectOption({ label: "United Kingdom (+44) · ID 44 · also Guernsey, Isle of Man, Jersey" });
  await page.getByLabel("Region", { exact: true }).selectOption({ label: "Yorkshire (1)" });
  await page.getByLabel("City").fill("Leeds");
  await page.getByLabel("Access number").fill("0113 496 0000");
  await page.getByRole("button", { name: "Add POP" }).click();
  await expect(page.getByTestId("pops-grid").getByRole("button", { name: "Edit City of POP 1" })).toHaveText("Leeds");

  // Import with a bad row: the error names its line; fix it and import.
  await page.getByRole("link", { name: "Import" }).click();
  const rows = [
    "popIndex,countryCode,region,name,areaCode,accessNumber",
    "2,49,Bavaria,Munich,089,5550002",
    "3,49,Bavaria,Nuremberg,0911,55500O3",
  ];
  await page
    .getByLabel("Choose a CSV file")
    .setInputFiles({ name: "story.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByTestId("import-errors").getByRole("row").nth(1)).toContainText("3");
  await expect(page.getByTestId("import-errors")).toContainText('"O"');
  rows[2] = "3,49,Bavaria,Nuremberg,0911,5550003";
  await page
    .getByLabel("Choose a CSV file")
    .setInputFiles({ name: "story-fixed.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
  await page.getByRole("button", { name: "Check file" }).click();
  await page.getByRole("button", { name: "Import 2 changes" }).click();
  await expect(page.getByText(/Imported: 2 added/)).toBeVisible();

  // Publish twice, then look at the version and its diff.
  await page.getByRole("link", { name: "Versions" }).click();
  await expect(page.getByTestId("publish-preview")).toContainText("3 added");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText(/Published version 1:/)).toBeVisible();
  await page.getByRole("link", { name: "POPs" }).click();
  await page.getByRole("button", { name: "Edit Access number of POP 2" }).click();
  await page.getByLabel("Access number of POP 2").fill("5559999");
  await page.getByLabel("Access number of POP 2").press("Enter");
  await expect(page.getByRole("button", { name: "Edit Access number of POP 2" })).toHaveText("5559999");
  await page.getByRole("link", { name: "Versions" }).click();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText(/Published version 2:/)).toBeVisible();
  // The history refreshes after the publish: wait for the new row before using its diff link.
  await expect(page.getByTestId("versions-table")).toContainText(`${name}_2_from_1.cab`);
  await page.getByTestId("versions-table").getByRole("link", { name: "diff" }).first().click();
  await expect(page.getByTestId("diff-summary")).toContainText("0 added · 1 changed · 0 removed");

  // A Connection Manager client at version 1 gets the delta cab; at 2, no update.
  const pbs = (v: number) => `/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${v}&pb=${name}`;
  const delta = await page.request.get(pbs(1));
  expect(delta.status()).toBe(200);
  expect(delta.headers()["content-type"]).toBe("application/vnd.ms-cab-compressed");
  expect(delta.headers()["content-disposition"]).toBe(`attachment; filename="${name}_2_from_1.cab"`);
  expect((await delta.body()).subarray(0, 4).toString("latin1")).toBe("MSCF");
  expect((await page.request.get(pbs(2))).status()).toBe(204);

  // A viewer can read the versions but cannot publish, not even by calling the API.
  const { context, invitee: viewer } = await inviteAndSignUp(page, browser, viewerEmail, "viewer", "viewer-password-1");
  await viewer.goto(`/phonebooks/${name}/versions`);
  await expect(viewer.getByTestId("versions-table")).toContainText(`${name}_2_full.cab`);
  await expect(viewer.getByRole("button", { name: "Publish" })).toHaveCount(0);
  const status = await viewer.evaluate(async (pb) => (await fetch(`/api/v1/phonebooks/${pb}/publish`, { method: "POST" })).status, name);
  expect(status).toBe(403);

  // Sign out: the pages ask for a sign-in again.
  await viewer.getByRole("button", { name: "Sign out" }).click();
  await expect(viewer).toHaveURL(/\/login/);
  await viewer.goto("/phonebooks");
  await expect(viewer).toHaveURL(/\/login/);
  await context.close();
});
