/**
 * `npm run dev` / `npm start`: the app on its embedded defaults. Without DATABASE_URL it
 * starts an embedded PostgreSQL (data under ./.data/pg); it applies pending migrations,
 * bootstraps the first owner, then runs Next.js (scripts/server.mjs). Development makes an
 * AUTH_SECRET when none is set; production refuses to start without one, since every
 * instance must sign sessions with the same secret. `npm start` runs the compiled
 * dist/start.mjs on plain node (scripts/build-entry-points.mjs).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, requireAuthSecret } from "@/lib/env";
import { bootstrapOwner } from "@/lib/server/bootstrap";
import { ensureDatabase, runMigrations } from "@/lib/server/db/migrate";
import type { TEmbeddedDb } from "@/lib/server/embedded-postgres";
import { prepareAuthEnv } from "./request-stamp.mjs";

const log = (line: string) => console.log(`[pba] ${line}`);
const mode = process.argv[2] === "dev" ? "dev" : "start";
// The environment of the Next.js server this process starts: written here (a secret for
// development, the embedded database's URL…), read back only through env().
// eslint-disable-next-line no-restricted-properties -- writes the child's environment
const childEnv = process.env;

/** Development only: a secret kept in the data folder, so sessions survive restarts. */
function developmentAuthSecret(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function main(): Promise<void> {
  // The server process Next.js runs is production for `npm start`, whatever the shell says.
  Object.assign(childEnv, { NODE_ENV: mode === "start" ? "production" : "development" });
  const dataDir = path.resolve(env().PBA_DATA_DIR);
  if (mode === "start") requireAuthSecret(env());
  else if (!env().AUTH_SECRET) childEnv.AUTH_SECRET = developmentAuthSecret(dataDir);
  let embedded: TEmbeddedDb | undefined;
  let url = env().DATABASE_URL;
  if (!url) {
    const port = env().EMBEDDED_PG_PORT;
    // Loaded only here: a deployment with DATABASE_URL (the container) does not ship it.
    const { startEmbeddedPostgres } = await import("@/lib/server/embedded-postgres");
    embedded = await startEmbeddedPostgres(path.join(dataDir, "pg"), port, log);
    url = childEnv.DATABASE_URL = embedded.url;
    log(`Embedded PostgreSQL on 127.0.0.1:${port}`);
  }
  await ensureDatabase(url, log);
  const applied = await runMigrations(url);
  if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
  await bootstrapOwner(url, log);
  const defaulted = prepareAuthEnv(childEnv);
  if (defaulted) log(defaulted);
  childEnv.NEXT_TELEMETRY_DISABLED ??= "1";
  childEnv.NEXTAUTH_SECRET ??= childEnv.AUTH_SECRET;

  // scripts/server.mjs, from scripts/ (tsx) as from dist/ (compiled).
  const server = path.join(import.meta.dirname, "..", "scripts", "server.mjs");
  const child = spawn(process.execPath, [server, mode], { stdio: "inherit", env: childEnv });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => {
    void (embedded?.stop() ?? Promise.resolve()).finally(() => process.exit(code ?? 0));
  });
}

main().catch((error: unknown) => {
  console.error(`[pba] start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
