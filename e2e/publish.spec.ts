import { expect, test } from "@playwright/test";

const uniqueName = () => `V${Date.now().toString(36).toUpperCase().slice(-6)}${Math.floor(Math.random() * 10)}`;

test("publish versions with progress, see the history and the diff, download a cab", async ({ page }) => {
  const name = uniqueName();
  await page.goto("/phonebooks");
  await page.getByLabel("New phone book name").fill(name);
  await page.getByRole("button", { name: "Create phone book" }).click();
  await expect(page.getByTestId("phonebooks-table").getByRole("link", { name })).toBeVisible();
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

  // The phone book's dashboard: its PBS URL and what a client at version 1 gets.
  await page.goto(`/phonebooks/${name}/dashboard`);
  await expect(page.getByTestId("pbs-url")).toContainText("/o/default/pbserver/pbserver.dll");
  await page.getByLabel("Client version").fill("1");
  await page.getByRole("button", { name: "What will it get?" }).click();
  await expect(page.getByTestId("client-preview")).toContainText("delta from version 1");
  await expect(page.getByTestId("client-preview")).toContainText(`${name}_2_from_1.cab`);

  // A Connection Manager client asks the PBS endpoint (no session needed).
  const query = (v: number) =>
    `/o/default/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${v}&pb=${name.toLowerCase()}`;
  const delta = await page.request.get(query(1), { headers: { cookie: "" } });
  expect(delta.status()).toBe(200);
  expect(delta.headers()["content-disposition"]).toBe(`attachment; filename="${name}_2_from_1.cab"`);
  expect((await delta.body()).equals(await cab.body())).toBe(true);
  // With a length, not chunked: old clients need it (scripts/content-length.mjs).
  expect(delta.headers()["content-length"]).toBe(String((await delta.body()).length));
  expect(delta.headers()["transfer-encoding"]).toBeUndefined();
  expect(delta.headers()["x-pba-content-length"]).toBeUndefined();
  expect((await page.request.get(query(2))).status()).toBe(204);
  expect((await page.request.get(query(0))).headers()["content-disposition"]).toContain(`${name}_2_full.cab`);
  expect((await page.request.get("/o/default/pbserver/pbserver.dll?pbver=abc&pb=x")).status()).toBe(400);

  // Delivery policy "Always the full phone book": the PBS gives the Full cab at once, no republish.
  await page.getByLabel("Delivery policy").selectOption("full");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Delivery policy set to "Always the full phone book"/)).toBeVisible();
  expect((await page.request.get(query(1))).headers()["content-disposition"]).toBe(`attachment; filename="${name}_2_full.cab"`);
  await page.getByRole("button", { name: "What will it get?" }).click();
  await expect(page.getByTestId("client-preview")).toContainText("full phone book");
  await expect(page.getByTestId("client-preview-policy")).toContainText("always the full phone book");
});
