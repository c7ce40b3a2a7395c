import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { E2E_DATABASE_URL } from "../playwright.config";

// Another organisation's phone book is invisible to this one's pages and API, and the other
// way round: pages answer 404 and show none of its data.
test("pages and API never show another organisation's phone book", async ({ page, request }) => {
  const suffix = Date.now().toString(36);
  const otherToken = execFileSync(
    "node_modules/.bin/tsx",
    [
      "--conditions=react-server",
      "scripts/token.ts",
      "--email",
      `owner-${suffix}@other.example`,
      "--org",
      `other-${suffix}`,
      "--role",
      "owner",
    ],
    { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .at(-1);
  expect(otherToken).toMatch(/^pba_/);
  const auth = { authorization: `Bearer ${otherToken}` };
  const pb = `X${suffix.slice(-6).toUpperCase()}`;
  expect((await request.post("/api/v1/phonebooks", { headers: auth, data: { name: pb, description: "Other org secret" } })).status()).toBe(
    201,
  );
  expect(
    (
      await request.post(`/api/v1/phonebooks/${pb}/pops`, {
        headers: auth,
        data: { popIndex: 1, countryCode: 33, name: "SecretCity", accessNumber: "0199" },
      })
    ).status(),
  ).toBe(201);

  // This organisation's owner (signed in) cannot see it anywhere.
  await page.goto("/phonebooks");
  await expect(page.getByTestId("phonebooks-table")).not.toContainText(pb);
  for (const path of [
    `/phonebooks/${pb}/pops`,
    `/phonebooks/${pb}/versions`,
    `/phonebooks/${pb}/pops/1`,
    `/phonebooks/${pb}/dashboard`,
    `/phonebooks/${pb}/import`,
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.locator("body")).not.toContainText("SecretCity");
    await expect(page.locator("body")).not.toContainText("Other org secret");
  }
  const api = await page.request.get(`/api/v1/phonebooks/${pb}/pops`);
  expect(api.status()).toBe(404);
  expect(await api.text()).not.toContain("SecretCity");

  // And the other organisation's token cannot reach this organisation's phone books.
  const mine = `M${suffix.slice(-6).toUpperCase()}`;
  await page.goto("/phonebooks");
  await page.getByLabel("New phone book name").fill(mine);
  await page.getByRole("button", { name: "Create phone book" }).click();
  await expect(page.getByTestId("phonebooks-table").getByRole("link", { name: mine })).toBeVisible();
  const res = await request.get(`/api/v1/phonebooks/${mine}`, { headers: auth });
  expect(res.status()).toBe(404);
  const list = (await (await request.get("/api/v1/phonebooks", { headers: auth })).json()) as { phonebooks: { name: string }[] };
  expect(list.phonebooks.map((p) => p.name)).toEqual([pb]);

  // Made a viewer of the other organisation, this user can switch to it — and back.
  const me = (await page.getByTestId("whoami").textContent())?.split(" · ")[0]?.trim() ?? "";
  const invited = await request.post("/api/v1/members", { headers: auth, data: { email: me, role: "viewer" } });
  expect(invited.status()).toBe(201);
  await page.goto(((await invited.json()) as { link: string }).link);
  await page.getByRole("button", { name: `Accept as ${me}` }).click();
  await expect(page.getByTestId("whoami")).toContainText("viewer");
  await expect(page.getByTestId("phonebooks-table").getByRole("link", { name: pb })).toBeVisible();
  await expect(page.getByTestId("phonebooks-table")).not.toContainText(mine);
  await page.goto("/organization");
  await expect(page.getByTestId("my-organizations")).toContainText(`other-${suffix}`);
  await page.getByRole("button", { name: "Work in Default organisation" }).click();
  await expect(page.getByTestId("whoami")).toContainText("owner");
  await expect(page.getByTestId("phonebooks-table").getByRole("link", { name: mine })).toBeVisible();
  await page.goto("/organization");
  await page.getByRole("button", { name: /^Work in other-/ }).click();
  await expect(page.getByTestId("whoami")).toContainText("viewer");
  await page.goto("/organization");
  await page.getByRole("button", { name: "Work in Default organisation" }).click();
  await expect(page.getByTestId("whoami")).toContainText("owner");
});
