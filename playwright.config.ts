import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// One database per run, chosen once here; workers inherit the environment of the runner.
process.env.E2E_DB ??= `pba_e2e_${Date.now()}`;
const port = Number(process.env.E2E_PORT ?? 3210);
const pgBase = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const E2E_DATABASE_URL = pgBase.replace(/\/[^/]*$/, `/${process.env.E2E_DB}`);
/**
 * The browser: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own Chromium
 * (`npx playwright install chromium` downloads it; README "Quick start").
 */
const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
export const E2E_ADMIN = { email: "e2e-owner@example.com", password: "e2e-password-1" };

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 1,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], use: { storageState: "e2e/.auth/owner.json" } },
  ],
  webServer: {
    command: "npm run build && npm start",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATABASE_URL: E2E_DATABASE_URL,
      STORAGE_DIR: `/tmp/${process.env.E2E_DB}-storage`,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      AUTH_SECRET: "e2e-secret-not-for-production",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      // e2e/sso.spec.ts runs its identity provider on http://127.0.0.1 (lib/server/sso/issuer-url.ts).
      SSO_ALLOW_HTTP_LOOPBACK: "true",
    },
  },
});
