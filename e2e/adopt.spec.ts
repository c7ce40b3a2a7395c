import { expect, test } from "@playwright/test";
import { legacyPhoneBook } from "../lib/adopt/legacy-fixture";

const uniqueName = () => `A${Date.now().toString(36).toUpperCase().slice(-6)}${Math.floor(Math.random() * 10)}`;

test("adopt: a 20,000-POP legacy phone book at version 37, previewed, confirmed, then served at 37", async ({ page }) => {
  test.setTimeout(120_000);
  const name = uniqueName();
  const book = legacyPhoneBook(20_000, { version: 37 });
  await page.goto("/phonebooks");
  const form = page.getByTestId("adopt-form");
  await form.getByLabel("Phone book name").fill(name);
  await form.getByLabel("Choose the cab or files to adopt").setInputFiles([
    { name: "LEGACY.PBK", mimeType: "application/octet-stream", buffer: Buffer.from(book.pbk) },
    { name: "LEGACY.PBR", mimeType: "application/octet-stream", buffer: Buffer.from(book.pbr) },
    { name: "LEGACY.VER", mimeType: "application/octet-stream", buffer: Buffer.from(book.ver) },
  ]);
  await form.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("adopt-preview");
  await expect(preview).toContainText("20,000 POPs at version 37");
  await expect(preview).toContainText(`1. ${book.regions[0]} · 2. ${book.regions[1]}`);
  const hyphenLine = [...book.hyphenated][0] as number;
  await expect(page.getByTestId("adopt-warnings")).toContainText(`LEGACY.PBK line ${hyphenLine}:`);
  // The preview wrote nothing but the empty phone book.
  expect((await page.request.get(`/api/v1/phonebooks/${name}`)).ok()).toBe(true);
  expect(((await (await page.request.get(`/api/v1/phonebooks/${name}`)).json()) as { currentVersion: number }).currentVersion).toBe(0);

  await preview.getByRole("button", { name: `Adopt ${name} at version 37` }).click();
  await expect(page.getByText(`Adopted ${name} at version 37: 20,000 POPs`)).toBeVisible();

  const pbs = (v: number) => page.request.get(`/o/default/pbserver/pbserver.dll?osarch=0&osver=1&pbver=${v}&pb=${name.toLowerCase()}`);
  expect((await pbs(37)).status()).toBe(204);
  const full = await pbs(12);
  expect(full.status()).toBe(200);
  expect((await full.body()).subarray(0, 4).toString("latin1")).toBe("MSCF");

  await page.goto(`/phonebooks/${name}/versions`);
  await expect(page.getByText("adopted from LEGACY.PBK, LEGACY.PBR, LEGACY.VER")).toBeVisible();

  // Adopting again is refused.
  await page.goto("/phonebooks");
  await form.getByLabel("Phone book name").fill(name);
  await form.getByLabel("Choose the cab or files to adopt").setInputFiles([
    { name: "LEGACY.PBK", mimeType: "application/octet-stream", buffer: Buffer.from(book.pbk) },
    { name: "LEGACY.PBR", mimeType: "application/octet-stream", buffer: Buffer.from(book.pbr) },
  ]);
  await form.getByRole("button", { name: "Preview" }).click();
  await expect(form.getByText(/was already adopted \(version 37\)/)).toBeVisible();
});
