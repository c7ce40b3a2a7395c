import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TActor } from "@/lib/server/auth/actor";
import { openScratchDatabase } from "@/lib/test/scratch-db";
import { createPbsCounters } from "./pbs-counters";
import { rollUpPbsHits } from "./pbs-hit-retention";

// Retention moves every old row of the database it runs on, so this file has a database of its
// own (the others share one and write minute rows at fixed past dates). It is opened before
// lib/server/db is imported, so the dashboard query (pbs-stats.ts) reads it too.
let scratch: Awaited<ReturnType<typeof openScratchDatabase>>;
let pool: pg.Pool;
let stats: typeof import("./pbs-stats");
let closeDb: () => Promise<void>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const options = { minuteDays: 2, hourDays: 10 };

type TRow = { org: string; pb: string; at: number; full: number; delta: number; noUpdate: number; error: number };
const row = (org: string, pb: string, at: number, n: number): TRow => ({
  org,
  pb,
  at,
  full: n,
  delta: 2 * n,
  noUpdate: 3 * n,
  error: n % 2,
});

async function insert(table: "pbs_hit" | "pbs_hit_hour", rows: TRow[]): Promise<void> {
  const column = table === "pbs_hit" ? "bucket" : "hour";
  for (const r of rows) {
    await pool.query(
      `INSERT INTO ${table} (org_slug, phonebook, ${column}, full_hits, delta_hits, no_update_hits, error_hits) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.org, r.pb, new Date(r.at), r.full, r.delta, r.noUpdate, r.error],
    );
  }
}

async function dump(table: "pbs_hit" | "pbs_hit_hour"): Promise<string[]> {
  const column = table === "pbs_hit" ? "bucket" : "hour";
  const result = await pool.query<{ line: string }>(
    `SELECT org_slug || ' ' || phonebook || ' ' || to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') || ' ' ||
            full_hits || '/' || delta_hits || '/' || no_update_hits || '/' || error_hits AS line FROM ${table}`,
  );
  return result.rows.map((r) => r.line).sort();
}

const line = (org: string, pb: string, at: number, counts: [number, number, number, number]) =>
  `${org} ${pb} ${new Date(at).toISOString().slice(0, 16)} ${counts.join("/")}`;
const counts = (rows: TRow[]): [number, number, number, number] => [
  rows.reduce((s, r) => s + r.full, 0),
  rows.reduce((s, r) => s + r.delta, 0),
  rows.reduce((s, r) => s + r.noUpdate, 0),
  rows.reduce((s, r) => s + r.error, 0),
];
const actor = (orgSlug: string) => ({ orgSlug }) as TActor;
const hourly = async (orgSlug: string, phonebook?: string) =>
  (await stats.pbsHitsByHour({ actor: actor(orgSlug), phonebook, hours: 13 * 24 })).filter(
    (b) => b.full + b.delta + b.noUpdate + b.error > 0,
  );

beforeAll(async () => {
  scratch = await openScratchDatabase("pba_retention");
  pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
  stats = await import("./pbs-stats");
  const { db } = await import("@/lib/server/db");
  const [which] = await db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  expect(which?.name).toBe(scratch.name);
  closeDb = () => db.$disconnect();
});

afterAll(async () => {
  await closeDb?.();
  await pool?.end();
  await scratch?.drop();
});

describe("pbs_hit retention", () => {
  it("rolls up exactly the minute rows older than minuteDays, expires hourly rows older than hourDays, keeps the charts' totals", async () => {
    const now = Date.now();
    const thisHour = Math.floor(now / HOUR) * HOUR;
    const minuteCut = Math.floor((now - 2 * DAY) / HOUR) * HOUR;
    const hourCut = Math.floor((now - 10 * DAY) / HOUR) * HOUR;
    const h1 = thisHour - 3 * DAY;
    const h2 = thisHour - 5 * DAY - 7 * HOUR;
    const late = thisHour - 12 * DAY; // a minute row flushed late, older than hourDays
    const m = 60_000;
    const rolled = {
      aP1h1: [row("org-a", "P1", h1, 1), row("org-a", "P1", h1 + m, 2), row("org-a", "P1", h1 + 59 * m, 3)],
      aP2h1: [row("org-a", "P2", h1 + 5 * m, 4)],
      bP1h1: [row("org-b", "P1", h1 + 30 * m, 5)],
      aP1h2: [row("org-a", "P1", h2 + 17 * m, 6), row("org-a", "P1", h2 + 18 * m, 7)],
      edge: [row("org-a", "P1", minuteCut - m, 8)],
      late: [row("org-a", "P1", late + 3 * m, 9)],
    };
    const kept = [
      row("org-a", "P1", minuteCut, 10),
      row("org-a", "P1", minuteCut + m, 11),
      row("org-b", "P1", thisHour - DAY, 12),
      row("org-a", "P2", now - 5 * m, 13),
    ];
    // Hourly rows from an earlier pass: one the roll-up adds to, one at the cut (kept), one past it.
    const earlier = [row("org-a", "P1", h1, 20), row("org-a", "P1", hourCut, 21), row("org-b", "P1", hourCut - HOUR, 22)];
    await insert("pbs_hit", [...Object.values(rolled).flat(), ...kept]);
    await insert("pbs_hit_hour", earlier);
    const chartsBefore = { a: await hourly("org-a"), aP1: await hourly("org-a", "P1"), b: await hourly("org-b") };

    const run = await rollUpPbsHits(pool, options);

    const movedRows = Object.values(rolled).flat().length;
    expect(run).toEqual({ ran: true, rolledUp: movedRows, hourly: 6, expired: 2 });
    expect(await dump("pbs_hit")).toEqual(kept.map((r) => line(r.org, r.pb, r.at, counts([r]))).sort());
    expect(await dump("pbs_hit_hour")).toEqual(
      [
        line("org-a", "P1", h1, counts([...rolled.aP1h1, earlier[0]!])),
        line("org-a", "P2", h1, counts(rolled.aP2h1)),
        line("org-b", "P1", h1, counts(rolled.bP1h1)),
        line("org-a", "P1", h2, counts(rolled.aP1h2)),
        line("org-a", "P1", minuteCut - HOUR, counts(rolled.edge)),
        line("org-a", "P1", hourCut, counts([earlier[1]!])),
      ].sort(),
    );
    // The charts read both tables: the same buckets and totals (the expired rows were older than the 13-day window's content we put in).
    const chartsAfter = { a: await hourly("org-a"), aP1: await hourly("org-a", "P1"), b: await hourly("org-b") };
    const withoutExpired = (buckets: typeof chartsBefore.a) =>
      buckets.filter((b) => Date.parse(b.at) !== Math.floor(late / HOUR) * HOUR && Date.parse(b.at) !== hourCut - HOUR);
    expect(chartsAfter).toEqual({
      a: withoutExpired(chartsBefore.a),
      aP1: withoutExpired(chartsBefore.aP1),
      b: withoutExpired(chartsBefore.b),
    });
    expect(chartsAfter.aP1.find((b) => Date.parse(b.at) === h1)).toMatchObject({ full: 26, delta: 52, noUpdate: 78, error: 2 });

    // Idempotent: a second pass finds nothing to do.
    expect(await rollUpPbsHits(pool, options)).toEqual({ ran: true, rolledUp: 0, hourly: 0, expired: 0 });
    expect(await dump("pbs_hit")).toHaveLength(kept.length);
    expect(await dump("pbs_hit_hour")).toHaveLength(6);
  });

  it("lets concurrent passes (several PBS instances) move each row once", async () => {
    const base = Math.floor(Date.now() / HOUR) * HOUR - 4 * DAY;
    const rows = Array.from({ length: 200 }, (_, i) => row("org-c", `P${i % 4}`, base - (i % 50) * HOUR + (i % 7) * 60_000, i + 1));
    await insert("pbs_hit", rows);
    const expected = counts(rows);
    const runs = await Promise.all([rollUpPbsHits(pool, options), rollUpPbsHits(pool, options), rollUpPbsHits(pool, options)]);
    expect(runs.reduce((sum, r) => sum + r.rolledUp, 0)).toBe(200);
    const totals = await pool.query<{ full: string; delta: string; no_update: string; error: string }>(
      `SELECT sum(full_hits) AS full, sum(delta_hits) AS delta, sum(no_update_hits) AS no_update, sum(error_hits) AS error
       FROM pbs_hit_hour WHERE org_slug = 'org-c'`,
    );
    const t = totals.rows[0]!;
    expect([Number(t.full), Number(t.delta), Number(t.no_update), Number(t.error)]).toEqual(expected);
    const left = await pool.query("SELECT count(*)::int AS n FROM pbs_hit WHERE org_slug = 'org-c'");
    expect(left.rows[0]).toEqual({ n: 0 });
  });

  it("is run periodically by the PBS counters when given a retention", async () => {
    const old = Math.floor(Date.now() / HOUR) * HOUR - 3 * DAY + 60_000;
    await insert("pbs_hit", [row("org-d", "P1", old, 1)]);
    const counters = createPbsCounters({
      databaseUrl: scratch.url,
      flushMs: 3_600_000,
      retention: { ...options, everyMs: 50 },
      log: () => undefined,
    });
    try {
      await expect
        .poll(async () => (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pbs_hit WHERE org_slug = 'org-d'")).rows[0]?.n, {
          timeout: 10_000,
        })
        .toBe(0);
    } finally {
      await counters.close();
    }
    const moved = await pool.query("SELECT full_hits::int AS full FROM pbs_hit_hour WHERE org_slug = 'org-d'");
    expect(moved.rows).toEqual([{ full: 1 }]);
  });

  it("folds the rows of slugs no organisation has into (unknown) when migrating", async () => {
    await pool.query("INSERT INTO organization (id, slug, name) VALUES (gen_random_uuid(), 'real-org', 'Real')");
    // A day no other test of this file writes to (they write around "now").
    const minute = Date.UTC(2020, 0, 15, 12, 0);
    await insert("pbs_hit", [
      row("real-org", "PB", minute, 1),
      row("gone-1", "(invalid)", minute, 2),
      row("gone-2", "(invalid)", minute, 3),
      row("gone-3", "PB", minute + 60_000, 4),
      row("(other)", "(invalid)", minute, 5),
    ]);
    const sql = readFileSync(path.join(process.cwd(), "prisma/migrations/20261201200000_pbs_hit_retention/migration.sql"), "utf8");
    await pool.query(sql.slice(sql.indexOf("WITH gone AS")));
    const result = await pool.query<{ line: string }>(
      `SELECT org_slug || ' ' || phonebook || ' ' || to_char(bucket AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || full_hits AS line
       FROM pbs_hit WHERE bucket >= $1 AND bucket < $2`,
      [new Date(minute), new Date(minute + 120_000)],
    );
    expect(result.rows.map((r) => r.line).sort()).toEqual(
      ["(other) (invalid) 12:00 5", "(unknown) (invalid) 12:00 5", "(unknown) (invalid) 12:01 4", "real-org PB 12:00 1"].sort(),
    );
  });
});
