import pg from "pg";
import { ensureDatabase, runMigrations } from "@/lib/server/db/migrate";

/**
 * A migrated database of its own for one test file, next to the per-run test database.
 * Tests that terminate every backend of "their" database use it, so they never cut the
 * connections of test files running in parallel. Call it before anything imports
 * `@/lib/server/db` (the Prisma client reads DATABASE_URL once, at import).
 */
export async function usePrivateDatabase(suffix: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL ?? "");
  const name = `${base.pathname.slice(1)}_${suffix}_${process.pid}`.slice(0, 63);
  base.pathname = `/${name}`;
  const url = base.toString();
  await ensureDatabase(url);
  await runMigrations(url);
  process.env.DATABASE_URL = url;
  const drop = async () => {
    const root = new URL(url);
    root.pathname = "/postgres";
    const client = new pg.Client({ connectionString: root.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  return { url, name, drop };
}

/** Terminates every other backend of the database `admin` is connected to (the brief's statement). */
export const KILL_ALL =
  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";

/** KILL_ALL, then waits until those backends have exited (pg_terminate_backend only signals). */
export async function killAllAndWait(admin: pg.Client): Promise<number> {
  const res = await admin.query(KILL_ALL);
  for (let i = 0; i < 200; i++) {
    const left = await admin.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    );
    if ((left.rows[0] as { n: number }).n === 0) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return res.rowCount ?? 0;
}
