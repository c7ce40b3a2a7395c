/**
 * `npm run dev` / `npm start`: the app on its embedded defaults. Without DATABASE_URL it
 * starts an embedded PostgreSQL (data under ./.data/pg); it applies pending migrations,
 * bootstraps the first owner, makes an AUTH_SECRET when none is set, then runs Next.js.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bootstrapOwner } from "@/lib/server/bootstrap";
import { ensureDatabase, runMigrations } from "@/lib/server/db/migrate";
import { startEmbeddedPostgres, type TEmbeddedDb } from "@/lib/server/embedded-postgres";
import { log as logger } from "@/lib/server/log";
import { prepareAuthEnv } from "./request-stamp.mjs";

// JSON lines (pino), like the app's own log.
const log = (line: string) => logger().info(line);
const mode = process.argv[2] === "start" ? "start" : "dev";
const dataDir = path.resolve(process.env.PBA_DATA_DIR ?? ".data");

function ensureAuthSecret(): void {
  if (process.env.AUTH_SECRET) return;
  if (mode === "start" && process.env.NODE_ENV === "production" && !process.env.PBA_ALLOW_GENERATED_SECRET) {
    log("AUTH_SECRET is not set; using a generated one kept in .data/auth-secret (set AUTH_SECRET for several instances)");
  }
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

async function main(): Promise<void> {
  ensureAuthSecret();
  let embedded: TEmbeddedDb | undefined;
  if (!process.env.DATABASE_URL) {
    const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    embedded = await startEmbeddedPostgres(path.join(dataDir, "pg"), port, log);
    process.env.DATABASE_URL = embedded.url;
    log(`Embedded PostgreSQL on 127.0.0.1:${port}`);
  }
  const url = process.env.DATABASE_URL;
  await ensureDatabase(url, log);
  const applied = await runMigrations(url);
  if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
  await bootstrapOwner(url, log);
  const defaulted = prepareAuthEnv(process.env);
  if (defaulted) log(defaulted);
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  process.env.NEXTAUTH_SECRET ??= process.env.AUTH_SECRET;

  const server = path.join(import.meta.dirname, "server.mjs");
  const child = spawn(process.execPath, [server, mode], { stdio: "inherit", env: process.env });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => {
    void (embedded?.stop() ?? Promise.resolve()).finally(() => process.exit(code ?? 0));
  });
}

main().catch((error: unknown) => {
  logger().fatal({ err: error }, "start failed");
  process.exit(1);
});
