import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, runMigrations } from "@/lib/server/db/migrate";
import { localPgBase } from "@/lib/test/scratch-db";

// prisma/migrations/20261201300000_scoped_api_tokens on a database holding tokens of the
// former kind (one role each): they get the scopes their role allowed and no expiry.
const MIGRATION = "20261201300000_scoped_api_tokens";
const ALL = path.resolve(import.meta.dirname, "../../../prisma/migrations");

let url: string;
let client: pg.Client;

beforeAll(async () => {
  const base = localPgBase();
  const name = `pba_token_migration_${Date.now()}_${process.pid}`;
  const target = new URL(base);
  target.pathname = `/${name}`;
  url = target.toString();
  await ensureDatabase(url);
  // Every migration before this one, copied.
  const before = mkdtempSync(path.join(tmpdir(), "pba-migrations-"));
  for (const dir of readdirSync(ALL).filter((d) => d < MIGRATION)) cpSync(path.join(ALL, dir), path.join(before, dir), { recursive: true });
  await runMigrations(url, before);
  client = new pg.Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  const admin = new pg.Client({ connectionString: localPgBase().toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
});

describe(`migration ${MIGRATION}`, () => {
  it("gives existing tokens the scopes of their role, no expiry and every phone book", async () => {
    const org = await client.query<{ id: string }>(
      `INSERT INTO organization (id, slug, name) VALUES (gen_random_uuid(), 'm', 'M') RETURNING id`,
    );
    const user = await client.query<{ id: string }>(
      `INSERT INTO app_user (id, email, password_hash) VALUES (gen_random_uuid(), 'm@x.example', 'h') RETURNING id`,
    );
    for (const role of ["viewer", "editor", "admin", "owner"]) {
      await client.query(
        `INSERT INTO api_token (id, org_id, user_id, name, prefix, token_hash, role, last_used_at)
         VALUES (gen_random_uuid(), $1, $2, $3::text, 'pba_x', $4, $3::text::"Role", now())`,
        [org.rows[0]?.id, user.rows[0]?.id, role, `hash-${role}`],
      );
    }

    expect(await runMigrations(url, ALL)).toContain(MIGRATION);

    const rows = await client.query<{
      name: string;
      scopes: string[];
      expires_at: Date | null;
      phonebook_ids: string[];
      last_used_address: string | null;
    }>(`SELECT name, scopes, expires_at, phonebook_ids::text[] AS phonebook_ids, last_used_address FROM api_token ORDER BY name`);
    expect(rows.rows).toEqual([
      { name: "admin", scopes: ["read", "write", "publish", "admin"], expires_at: null, phonebook_ids: [], last_used_address: null },
      { name: "editor", scopes: ["read", "write"], expires_at: null, phonebook_ids: [], last_used_address: null },
      { name: "owner", scopes: ["read", "write", "publish", "admin"], expires_at: null, phonebook_ids: [], last_used_address: null },
      { name: "viewer", scopes: ["read"], expires_at: null, phonebook_ids: [], last_used_address: null },
    ]);
    const role = await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'api_token' AND column_name = 'role'`);
    expect(role.rowCount).toBe(0);
  });
});
