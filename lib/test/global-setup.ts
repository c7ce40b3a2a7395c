import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureDatabase, runMigrations } from "../server/db/migrate";

/**
 * Creates a fresh database for this test run on the local PostgreSQL (TEST_PG_URL, default
 * postgresql://postgres@127.0.0.1:5432), applies every migration, and drops it afterwards.
 */
export default async function setup(project: TestProject) {
  const base = new URL(process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  if (!["127.0.0.1", "localhost", "::1"].includes(base.hostname)) {
    throw new Error(`Refusing to run tests against a non-local database host ${base.hostname}`);
  }
  const name = `pba_test_${Date.now()}_${process.pid}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  await runMigrations(url.toString());
  project.provide("databaseUrl", url.toString());
  return async () => {
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
