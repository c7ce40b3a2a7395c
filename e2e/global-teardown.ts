import pg from "pg";

/** Drops this run's e2e database. */
export default async function globalTeardown(): Promise<void> {
  const name = process.env.E2E_DB;
  if (!name || !/^pba_e2e_\d+$/.test(name)) return;
  const client = new pg.Client({ connectionString: process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await client.end();
}
