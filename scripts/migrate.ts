/**
 * `npm run migrate` (`node dist/migrate.mjs` in production, `docker run IMAGE migrate`): creates
 * the database named by DATABASE_URL when missing and applies pending migrations from
 * prisma/migrations under an advisory lock (lib/server/db/migrate.ts), so it is safe while app
 * instances start. The app applies them at start too; this is for deployments that migrate
 * once, before rolling out new instances. Exit codes: 0 done, 1 failed.
 */
import { env } from "@/lib/env";
import { ensureDatabase, runMigrations } from "@/lib/server/db/migrate";

const log = (line: string) => console.error(`[migrate] ${line}`);

async function main(): Promise<void> {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: it names the database to migrate");
  await ensureDatabase(url, log);
  const applied = await runMigrations(url);
  log(applied.length ? `applied ${applied.length}: ${applied.join(", ")}` : "the database is up to date");
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
