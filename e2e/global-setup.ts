/** Refuses to run against anything but a local PostgreSQL: e2e tests write freely. */
export default function globalSetup(): void {
  const base = new URL(process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  if (!["127.0.0.1", "localhost", "::1"].includes(base.hostname)) {
    throw new Error(`Refusing to run e2e tests against non-local database host ${base.hostname}`);
  }
}
