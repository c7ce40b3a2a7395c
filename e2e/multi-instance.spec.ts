import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { E2E_DATABASE_URL } from "../playwright.config";
import { freePort } from "../lib/test/free-port";
import { startS3rver } from "../lib/test/s3rver";

// Several instances, one state (README "Deployment"): two app instances and two standalone
// PBS servers, all as shipped (`npm start`, `npm run pbs`: dist/*.mjs on node), on one
// PostgreSQL database and one S3 store (s3rver).

const ROOT = process.cwd(); // playwright runs from the repository root
const DB_URL = E2E_DATABASE_URL.replace(/\/([^/]*)$/, "/$1_multi");
const OWNER = { email: "multi@example.com", password: "multi-password-1" };
const CACHE_SECONDS = 2;
const PBS_QUERY = "osarch=x86&ostype=2&lcid=1033&osver=5.1&cmver=7.2";

type TProc = { child: ChildProcess; output: () => string; url: string };

function launch(script: string, args: string[], env: Record<string, string>, url: string): TProc {
  const child = spawn(process.execPath, [path.join(ROOT, "dist", script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (d: Buffer) => (text += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (text += d.toString()));
  return { child, output: () => text, url };
}

async function ready(proc: TProc, healthPath: string): Promise<void> {
  for (let i = 0; i < 180; i++) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.url} exited with ${proc.child.exitCode}:\n${proc.output()}`);
    if (
      await fetch(proc.url + healthPath).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${proc.url}${healthPath} did not answer:\n${proc.output()}`);
}

async function signIn(page: Page, base: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("two app instances and two PBS servers on one database and one S3 store act as one", async ({ browser }) => {
  test.setTimeout(300_000);
  const s3 = await startS3rver();
  const shared = {
    NODE_ENV: "production",
    DATABASE_URL: DB_URL,
    AUTH_SECRET: "multi-instance-shared-secret",
    STORAGE_DRIVER: "s3",
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: "pba",
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    ADMIN_EMAIL: OWNER.email,
    ADMIN_PASSWORD: OWNER.password,
    PBS_CACHE_SECONDS: String(CACHE_SECONDS),
    PBS_FLUSH_SECONDS: "1",
    PBS_RETENTION_MINUTES: "0",
  };
  const procs: TProc[] = [];
  try {
    const [pa, pb, p1, p2] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const app = (port: number) =>
      launch(
        "start.mjs",
        ["start"],
        { ...shared, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}` },
        `http://127.0.0.1:${port}`,
      );
    const pbs = (port: number) => launch("pbs.mjs", [], { ...shared, PBS_PORT: String(port) }, `http://127.0.0.1:${port}`);
    // Both apps start at once: migrations and the first owner are serialised in the database.
    const [A, B] = [app(pa), app(pb)];
    const [P1, P2] = [pbs(p1), pbs(p2)];
    procs.push(A, B, P1, P2);
    await Promise.all([ready(A, "/api/health"), ready(B, "/api/health"), ready(P1, "/health"), ready(P2, "/health")]);

    // A session signed in on A works on B (same AUTH_SECRET, sessions in the database).
    const context = await browser.newContext({ storageState: undefined });
    const page = await context.newPage();
    await signIn(page, A.url, OWNER.password);
    await expect(page.getByTestId("whoami")).toContainText(OWNER.email);
    await page.goto(`${B.url}/phonebooks`);
    await expect(page).toHaveURL(`${B.url}/phonebooks`);
    await expect(page.getByTestId("whoami")).toContainText(OWNER.email);

    // A publish through A is served by both PBS servers within PBS_CACHE_SECONDS + 1 s.
    const token = spawnSync(process.execPath, [path.join(ROOT, "dist", "token.mjs"), "--email", OWNER.email], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: DB_URL },
      encoding: "utf8",
    });
    expect(token.status, token.stderr).toBe(0);
    const headers = { authorization: `Bearer ${token.stdout.trim().split("\n").at(-1)}`, "content-type": "application/json" };
    const post = async (p: string, body: unknown) => {
      const res = await fetch(`${A.url}/api/v1${p}`, { method: "POST", headers, body: JSON.stringify(body) });
      expect(res.status, `${p}: ${await res.clone().text()}`).toBe(201);
    };
    const ask = (server: TProc, book: string, pbver: number) =>
      fetch(`${server.url}/pbserver/pbserver.dll?${PBS_QUERY}&pb=${book}&pbver=${pbver}`);
    await post("/phonebooks", { name: "MULTI" });
    await post("/phonebooks/MULTI/pops", { popIndex: 1, countryCode: 1, name: "Seattle", accessNumber: "5550100" });
    await post("/phonebooks/MULTI/publish", {});
    for (const server of [P1, P2]) await expect.poll(async () => (await ask(server, "MULTI", 0)).status, { timeout: 10_000 }).toBe(200);
    // Both now cache version 1: a client at 1 is current.
    for (const server of [P1, P2]) expect((await ask(server, "MULTI", 1)).status).toBe(204);
    await post("/phonebooks/MULTI/pops", { popIndex: 2, countryCode: 1, name: "Tacoma", accessNumber: "5550101" });
    await post("/phonebooks/MULTI/publish", {});
    const published = Date.now();
    const seen = await Promise.all(
      [P1, P2].map(async (server) => {
        for (;;) {
          const res = await ask(server, "MULTI", 1);
          if (res.status === 200) return Date.now() - published;
          if (Date.now() - published > 10_000) return Infinity;
          await new Promise((r) => setTimeout(r, 100));
        }
      }),
    );
    for (const ms of seen) expect(ms).toBeLessThanOrEqual((CACHE_SECONDS + 1) * 1000);

    // Sign-in failures on A and on B add up to one delay: two on each, and the fifth is held.
    const other = await (await browser.newContext({ storageState: undefined })).newPage();
    for (const base of [A.url, A.url, B.url, B.url]) {
      await signIn(other, base, "wrong-password");
      await expect(other.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
    }
    await signIn(other, A.url, "wrong-password");
    await expect(other.getByRole("alert").filter({ hasText: /wait \d+ s/ })).toBeVisible();

    // Hits of both PBS servers add up on the dashboard: 3 on one, 4 on the other.
    await post("/phonebooks", { name: "HITS" });
    await post("/phonebooks/HITS/pops", { popIndex: 1, countryCode: 1, name: "Boise", accessNumber: "5550102" });
    await post("/phonebooks/HITS/publish", {});
    for (const [server, n] of [
      [P1, 3],
      [P2, 4],
    ] as const) {
      for (let i = 0; i < n; i++) {
        await expect.poll(async () => (await ask(server, "HITS", 1)).status, { timeout: 10_000 }).toBe(204);
      }
    }
    await expect
      .poll(
        async () => {
          await page.goto(`${B.url}/phonebooks/HITS/dashboard`);
          return page.getByText(/no update \(204\): \d+/).textContent();
        },
        { timeout: 15_000 },
      )
      .toContain("no update (204): 7");
    await context.close();
  } finally {
    for (const proc of procs) proc.child.kill("SIGTERM");
    await Promise.all(procs.map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once("exit", r)) : Promise.resolve())));
    await s3.close();
    const admin = new pg.Client({ connectionString: E2E_DATABASE_URL.replace(/\/[^/]*$/, "/postgres") });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(DB_URL).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  }
});
