import { expect, test } from "@playwright/test";

// At 390 px (a phone) the nav folds into a menu, and the pages do not scroll sideways.
test.use({ viewport: { width: 390, height: 844 } });

test("at 390 px the nav is a menu and the main pages fit the width", async ({ page }) => {
  await page.goto("/phonebooks");
  const menu = page.getByTestId("mobile-nav");
  await expect(menu.getByRole("link", { name: "Members" })).toBeHidden();
  await menu.getByText("Menu").click();
  await menu.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(/\/members$/);
  for (const path of ["/phonebooks", "/members", "/organization", "/tokens", "/audit", "/account"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
  }
});

test("a skip link leads past the header to the page", async ({ page }) => {
  await page.goto("/phonebooks");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await skip.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});
