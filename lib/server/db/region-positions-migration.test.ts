import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { sortRegions } from "@/lib/phonebook/region-positions";
import { localPgBase } from "@/lib/test/scratch-db";
import { ensureDatabase, runMigrations } from "./migrate";

const MIGRATION = "20261202100000_region_positions";
const ALL = path.join(process.cwd(), "prisma", "migrations");

// Names that differ in case, sort "_" and "[" around letters, and tie on lower case, as
// the former alphabetical numbering (now the listing order, `sortRegions`) saw them.
const BOOKS: Record<string, string[]> = {
  ONE: ["Seattle", "bellevue", "Redmond", "_x", "[b]", "a b", "Zed", "alpha", "North", "east"],
  TWO: ["Zulu", "Mitte"],
  NONE: [],
};

describe("migration region_positions on a database with data", () => {
  const base = localPgBase();
  const url = new URL(base);
  url.pathname = `/pba_regpos_${Date.now()}_${process.pid}`;
  const client = new pg.Client({ connectionString: url.toString() });

  afterAll(async () => {
    await client.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
  });

  it("gives existing regions their current alphabetical positions, so no published file changes", async () => {
    // The migrations before this one, then data, then the rest.
    const before = mkdtempSync(path.join(tmpdir(), "pba-migrations-"));
    for (const name of readdirSync(ALL).filter((n) => n < MIGRATION))
      cpSync(path.join(ALL, name), path.join(before, name), { recursive: true });
    await ensureDatabase(url.toString());
    await runMigrations(url.toString(), before);
    await client.connect();
    const { rows: orgs } = await client.query<{ id: string }>(
      `INSERT INTO organization (id, slug, name) VALUES (gen_random_uuid(), 'm', 'M') RETURNING id`,
    );
    const orgId = orgs[0]?.id;
    const ids: Record<string, { id: string; name: string }[]> = {};
    for (const [book, names] of Object.entries(BOOKS)) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO phonebook (id, org_id, name, name_key, updated_at) VALUES (gen_random_uuid(), $1, $2, $2, now()) RETURNING id`,
        [orgId, book],
      );
      ids[book] = [];
      for (const name of names) {
        const { rows: region } = await client.query<{ id: string }>(
          `INSERT INTO region (id, phonebook_id, name, name_key) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id`,
          [rows[0]?.id, name, name.toLowerCase()],
        );
        ids[book]?.push({ id: region[0]?.id ?? "", name });
      }
    }

    expect(await runMigrations(url.toString())).toContain(MIGRATION);

    for (const [book, regions] of Object.entries(ids)) {
      const { rows } = await client.query<{ id: string; position: number }>(
        `SELECT r.id, r.position FROM region r JOIN phonebook p ON p.id = r.phonebook_id WHERE p.name = $1 ORDER BY r.position`,
        [book],
      );
      expect(rows.map((r) => r.id)).toEqual(sortRegions(regions).map((r) => r.id));
      expect(rows.map((r) => r.position)).toEqual(regions.map((_, i) => i + 1));
    }
    // After the migration, a new region takes the next position and the old ones stay.
    const { rows: added } = await client.query<{ position: number }>(
      `INSERT INTO region (id, phonebook_id, name, name_key) SELECT gen_random_uuid(), id, 'Aachen', 'aachen' FROM phonebook WHERE name = 'TWO' RETURNING position`,
    );
    expect(added[0]?.position).toBe(3);
  });
});
