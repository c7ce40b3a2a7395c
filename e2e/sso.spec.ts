import { expect, test } from "@playwright/test";
import { startTestIdp, type TTestIdp } from "../lib/test/oidc-idp";

// A real OpenID Provider (oidc-provider with its development login and consent forms) on
// loopback, for the app started by playwright.config.ts on 127.0.0.1.
const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
let idp: TTestIdp;

test.beforeAll(async () => {
  idp = await startTestIdp({ redirectUris: [`${BASE}/api/auth/sso/callback`] });
});
test.afterAll(async () => {
  await idp.close();
});

/** Elements of `selector` that stick out of it or of the viewport (none expected). */
const overflowing = (selector: string) =>
  `(() => {
    const card = document.querySelector(${JSON.stringify(selector)});
    if (!card) return ["no card"];
    const box = card.getBoundingClientRect();
    const out = [];
    if (box.right > window.innerWidth + 0.5 || card.scrollWidth > card.clientWidth) out.push("card " + box.right + " " + card.scrollWidth);
    for (const el of card.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > box.right + 0.5 || r.left < box.left - 0.5)) out.push(el.tagName + " " + (el.textContent || "").slice(0, 40));
    }
    return out;
  })()`;

test("SSO: the owner sets up OpenID Connect; a new person signs in through the IdP as the default role", async ({ page, browser }) => {
  await page.goto("/organization");
  const slug = ((await page.getByTestId("org-slug").textContent()) ?? "").trim();
  const form = page.getByTestId("sso-form");
  await expect(form.getByTestId("sso-redirect-uri")).toHaveText(`${BASE}/api/auth/sso/callback`);

  // An issuer that does not answer: 400 naming the field, and the typed values stay.
  await form.getByLabel("Issuer URL").fill("http://127.0.0.1:9");
  await form.getByLabel("Client ID").fill(idp.clientId);
  await form.getByLabel("Client secret").fill(idp.clientSecret);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.locator("#sso-issuer-error")).toContainText("did not answer OpenID Connect discovery");
  await expect(form.getByLabel("Client ID")).toHaveValue(idp.clientId);

  await form.getByLabel("Issuer URL").fill(idp.issuer);
  await form.getByLabel("Client secret").fill(idp.clientSecret);
  await form.getByLabel("Role of members who join through SSO").selectOption("editor");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Saved: the identity provider answered.")).toBeVisible();
  await expect(form.getByLabel("Client secret")).toHaveAttribute("placeholder", "set");
  await expect(form.getByLabel("Client secret")).toHaveValue("");

  // The card on a 390 px wide phone: nothing sticks out.
  await page.setViewportSize({ width: 390, height: 900 });
  await page.reload();
  const card = page.locator("section", { has: page.getByTestId("sso-form") });
  await card.evaluate((el) => el.setAttribute("data-e2e", "sso-card"));
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: test.info().outputPath("sso-card-390.png") });
  expect(await page.evaluate(overflowing('[data-e2e="sso-card"]'))).toEqual([]);

  // Someone new, in a fresh browser: slug on the sign-in page, then the IdP's own forms.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const person = await context.newPage();
  const login = `sso-e2e-${Date.now()}`;
  await person.goto("/login");
  await person.screenshot({ path: test.info().outputPath("login.png") });
  await person.getByLabel("Organisation slug").fill(slug);
  await person.getByRole("button", { name: "Continue with SSO" }).click();
  await expect(person).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await person.getByPlaceholder("Enter any login").fill(login);
  await person.getByPlaceholder("and password").fill("anything");
  await person.getByRole("button", { name: "Sign-in" }).click();
  await person.getByRole("button", { name: "Continue" }).click();
  await expect(person).toHaveURL(`${BASE}/phonebooks`);
  await expect(person.getByTestId("whoami")).toContainText(`${login}@idp.test`);
  await expect(person.getByTestId("whoami")).toContainText("editor");
  await person.goto("/account");
  await expect(person.getByTestId("sso-linked")).toContainText(idp.issuer);
  await context.close();

  // The owner's audit log shows the sign-in and the join.
  await page.goto("/audit");
  await expect(page.getByText(`${login}@idp.test joined through single sign-on as editor`)).toBeVisible();

  // Leave the shared organisation as it was (other specs sign in with passwords only).
  const removed = await page.request.delete("/api/v1/sso", { headers: { origin: BASE } });
  expect(removed.status()).toBe(200);
});
