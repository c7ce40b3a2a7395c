/**
 * Takes the README screenshots from a running app: `BASE_URL=http://localhost:3000
 * EMAIL=… PASSWORD=… tsx scripts/screenshots.ts <phonebook>` writes public/screenshots/*.png.
 */
import { chromium } from "@playwright/test";

const base = process.env.BASE_URL ?? "http://localhost:3000";
const pb = process.argv[2] ?? "MyISP";

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(process.env.EMAIL ?? "admin@example.com");
  await page.getByLabel("Password").fill(process.env.PASSWORD ?? "");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/phonebooks/);
  const shots: [string, string][] = [
    ["phonebooks", "/phonebooks"],
    ["pops", `/phonebooks/${pb}/pops`],
    ["pop-form", `/phonebooks/${pb}/pops/20`],
    ["versions", `/phonebooks/${pb}/versions`],
    ["regions", `/phonebooks/${pb}/regions`],
    ["import", `/phonebooks/${pb}/import`],
    ["dashboard", `/phonebooks/${pb}/dashboard`],
    ["audit", "/audit"],
    ["members", "/members"],
    ["tokens", "/tokens"],
    ["organization", "/organization"],
  ];
  for (const [name, path] of shots) {
    const res = await page.goto(`${base}${path}`);
    if (!res || res.status() >= 400) continue;
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `public/screenshots/${name}.png`, fullPage: false });
    console.log(`public/screenshots/${name}.png`);
  }
  await browser.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
