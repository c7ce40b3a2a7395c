import pg from "pg";
import { ensureDatabase, runMigrations } from "../server/db/migrate";

/** The local PostgreSQL server tests and benchmarks may create databases on (never a remote one). */
export function localPgBase(): URL {
  const base = new URL(process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(base.hostname)) {
    throw new Error(`Refusing to create scratch databases on non-local host ${base.hostname} (TEST_PG_URL)`);
  }
  return base;
}

/**
 * Creates a throw-away database `<prefix>_<time>` on the local server, applies every
 * migration, and points DATABASE_URL at it (import lib/server/db only after this).
 * `drop()` removes it, closing any connection left open.
 */
export async function openScratchDatabase(prefix: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const base = localPgBase();
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  await runMigrations(url.toString());
  process.env.DATABASE_URL = url.toString();
  const drop = async () => {
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
  return { url: url.toString(), name, drop };
}
