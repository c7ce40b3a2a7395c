import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_DATABASE_URL } from "../playwright.config";
import { freePort } from "../lib/test/free-port";

// The production runtime as the container image holds it (Dockerfile, scripts/assemble-
// standalone.mjs), copied to a folder outside the repository and run with the image's own
// commands: migrate, app, token, pbs and the HEALTHCHECK. The webServer of playwright.config.ts
// has just run `npm run build`, so the build is current.

const ROOT = process.cwd(); // playwright runs from the repository root
const DB_URL = E2E_DATABASE_URL.replace(/\/([^/]*)$/, "/$1_standalone");
const ENTRY = "./scripts/docker-entrypoint.sh";

/** The environment a container gets: nothing from this shell but PATH. */
function containerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, NODE_ENV: "production", ...extra };
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before answering ${url}:\n${output()}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within 60 s:\n${output()}`);
}

function start(cwd: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(ENTRY, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout?.on("data", (d: Buffer) => (text += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (text += d.toString()));
  return { child, output: () => text };
}

test("the standalone runtime, outside the repository, migrates, serves the app and the PBS, and passes its health check", async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(path.join(tmpdir(), "pba-standalone-"));
  const storage = path.join(dir, ".data", "storage");
  const children: ChildProcess[] = [];
  try {
    const assembled = spawnSync(process.execPath, ["scripts/assemble-standalone.mjs", dir], { cwd: ROOT, encoding: "utf8" });
    expect(assembled.status, assembled.stderr).toBe(0);
    // No repository above it, no next.config, no TypeScript: only what the image holds.
    expect(spawnSync("ls", [path.join(dir, "node_modules", "tsx")]).status).not.toBe(0);

    // `docker run IMAGE migrate`
    const migrate = spawnSync(ENTRY, ["migrate"], { cwd: dir, env: containerEnv({ DATABASE_URL: DB_URL }), encoding: "utf8" });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stderr).toMatch(/\[migrate\] applied \d+: 20261124000000_init/);

    // Production refuses to start without AUTH_SECRET, and says why.
    const refused = spawnSync(ENTRY, ["app"], { cwd: dir, env: containerEnv({ DATABASE_URL: DB_URL }), encoding: "utf8", timeout: 30_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("AUTH_SECRET: required in production");

    // `docker run IMAGE` (app)
    const port = await freePort();
    const app = start(
      dir,
      ["app"],
      containerEnv({
        DATABASE_URL: DB_URL,
        AUTH_SECRET: "standalone-e2e-secret",
        PORT: String(port),
        STORAGE_DIR: storage,
        ADMIN_EMAIL: "standalone@example.com",
        ADMIN_PASSWORD: "standalone-password-1",
      }),
    );
    children.push(app.child);
    await waitFor(`http://127.0.0.1:${port}/api/health`, app.child, app.output);
    expect(await (await fetch(`http://127.0.0.1:${port}/login`)).text()).toContain("Sign in");

    // The Dockerfile's HEALTHCHECK command, as the container runs it.
    const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
    const check = JSON.parse(/CMD (\["node", "-e", .*\])\s*$/m.exec(dockerfile)?.[1] ?? "null") as string[] | null;
    expect(check).not.toBeNull();
    const healthy = spawnSync(check![0]!, check!.slice(1), { cwd: dir, env: containerEnv({ PORT: String(port) }), encoding: "utf8" });
    expect(healthy.status, healthy.stderr).toBe(0);

    // `docker run IMAGE token …`, then the API with that token: a phone book, a POP, a publish.
    const token = spawnSync(ENTRY, ["token", "--email", "standalone@example.com"], {
      cwd: dir,
      env: containerEnv({ DATABASE_URL: DB_URL }),
      encoding: "utf8",
    });
    expect(token.status, token.stderr).toBe(0);
    const bearer = { authorization: `Bearer ${token.stdout.trim().split("\n").at(-1)}`, "content-type": "application/json" };
    const api = (p: string, body: unknown) =>
      fetch(`http://127.0.0.1:${port}/api/v1${p}`, { method: "POST", headers: bearer, body: JSON.stringify(body) });
    expect((await api("/phonebooks", { name: "SA" })).status).toBe(201);
    expect((await api("/phonebooks/SA/pops", { popIndex: 1, countryCode: 1, name: "Seattle", accessNumber: "5550100" })).status).toBe(201);
    const published = await api("/phonebooks/SA/publish", {});
    expect(published.status).toBe(201);

    // The app's own PBS route, as the image serves it: with Content-Length, never chunked.
    const viaApp = await fetch(
      `http://127.0.0.1:${port}/pbserver/pbserver.dll?osarch=x86&ostype=2&lcid=1033&osver=5.1&cmver=7.2&pb=SA&pbver=0`,
    );
    expect(viaApp.status).toBe(200);
    expect(viaApp.headers.get("content-length")).toBe(String((await viaApp.arrayBuffer()).byteLength));
    expect(viaApp.headers.get("transfer-encoding")).toBeNull();

    // `docker run IMAGE pbs` on the same storage serves that version's full cab.
    const pbsPort = await freePort();
    const pbs = start(dir, ["pbs"], containerEnv({ PBS_PORT: String(pbsPort), STORAGE_DIR: storage, DATABASE_URL: DB_URL }));
    children.push(pbs.child);
    await waitFor(`http://127.0.0.1:${pbsPort}/health`, pbs.child, pbs.output);
    const cab = await fetch(
      `http://127.0.0.1:${pbsPort}/pbserver/pbserver.dll?osarch=x86&ostype=2&lcid=1033&osver=5.1&cmver=7.2&pb=SA&pbver=0`,
    );
    expect(cab.status).toBe(200);
    expect(cab.headers.get("content-type")).toBe("application/vnd.ms-cab-compressed");
    expect(
      Buffer.from(await cab.arrayBuffer())
        .subarray(0, 4)
        .toString("latin1"),
    ).toBe("MSCF");
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : Promise.resolve())));
    rmSync(dir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: E2E_DATABASE_URL.replace(/\/[^/]*$/, "/postgres") });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(DB_URL).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  }
});
