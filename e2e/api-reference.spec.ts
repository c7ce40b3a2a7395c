import { expect, test } from "@playwright/test";

test("the API reference renders from the OpenAPI document and is linked from API tokens", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/tokens");
  await page.getByTestId("api-reference-link").click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
  const operations = page.getByTestId("api-operation");
  await expect(operations.filter({ hasText: "/api/v1/phonebooks/{name}/publish" })).toContainText("scope publish");

  // The document is public: no session, no token.
  const doc = await request.get("/api/v1/openapi.json", { headers: { cookie: "" } });
  expect(doc.status()).toBe(200);
  const json = (await doc.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(json.openapi).toBe("3.1.0");
  const count = Object.values(json.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  await expect(operations).toHaveCount(count);
  expect(violations).toEqual([]);
});
