import "server-only";
import type pg from "pg";
import type { TEnv } from "@/lib/env";

export type TPbsRetention = {
  /** Days minute rows are kept before they are summed into hourly rows (PBS_HIT_MINUTE_DAYS). */
  minuteDays: number;
  /** Days hourly rows are kept (PBS_HIT_HOUR_DAYS). */
  hourDays: number;
  /** Milliseconds between runs; 0 never runs it in this process (PBS_RETENTION_MINUTES). */
  everyMs: number;
};

export type TRetentionRun = {
  /** False when another process held the lock: it is doing the same work. */
  ran: boolean;
  /** Minute rows summed into hourly rows. */
  rolledUp: number;
  /** Hourly rows written (inserted or added to). */
  hourly: number;
  /** Rows deleted for being older than `hourDays`. */
  expired: number;
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Any constant other than the migration lock (lib/server/db/migrate.ts): one retention run at a time.
const ADVISORY_LOCK_KEY = 7_246_002;
// Hours of minute rows moved per transaction, so a backlog (first run, a long outage) is not one huge transaction.
const CHUNK_HOURS = 24;

// Minute rows of [$1, $2) leave pbs_hit and are added to their UTC hour in pbs_hit_hour.
const ROLL_UP = `WITH moved AS (
  DELETE FROM pbs_hit WHERE bucket >= $1 AND bucket < $2
  RETURNING org_slug, phonebook, bucket, full_hits, delta_hits, no_update_hits, error_hits
), written AS (
  INSERT INTO pbs_hit_hour (org_slug, phonebook, hour, full_hits, delta_hits, no_update_hits, error_hits)
  SELECT org_slug, phonebook, date_trunc('hour', bucket, 'UTC'), sum(full_hits), sum(delta_hits), sum(no_update_hits), sum(error_hits)
  FROM moved GROUP BY 1, 2, 3
  ON CONFLICT (org_slug, phonebook, hour) DO UPDATE SET
    full_hits = pbs_hit_hour.full_hits + EXCLUDED.full_hits,
    delta_hits = pbs_hit_hour.delta_hits + EXCLUDED.delta_hits,
    no_update_hits = pbs_hit_hour.no_update_hits + EXCLUDED.no_update_hits,
    error_hits = pbs_hit_hour.error_hits + EXCLUDED.error_hits
  RETURNING 1
)
SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM written)::int AS written`;

/** Retention settings of this process from the validated environment (lib/env.ts). */
export function retentionFromEnv(e: TEnv): TPbsRetention {
  return { minuteDays: e.PBS_HIT_MINUTE_DAYS, hourDays: e.PBS_HIT_HOUR_DAYS, everyMs: e.PBS_RETENTION_MINUTES * 60_000 };
}

/** `at` rounded down to a whole UTC hour, so an hour is never split between minute and hourly rows. */
const hourFloor = (at: number): Date => new Date(Math.floor(at / HOUR_MS) * HOUR_MS);

/**
 * One retention pass: minute rows of `pbs_hit` older than `minuteDays` (cut at a whole UTC
 * hour) are moved into `pbs_hit_hour`, summed per (org, phone book, hour), then hourly rows
 * older than `hourDays` are deleted. Per-hour totals are unchanged by the move, and the
 * dashboard (pbs-stats.ts) reads both tables, so it shows the same figures. Idempotent (moved
 * rows are gone from `pbs_hit`), and safe with several PBS processes: a transaction-scoped
 * advisory lock lets one run at a time (the others return `ran: false`); a backlog is moved
 * in chunks of a day, each committed on its own.
 */
export async function rollUpPbsHits(
  pool: pg.Pool,
  options: { minuteDays: number; hourDays: number; now?: number },
): Promise<TRetentionRun> {
  const now = options.now ?? Date.now();
  const minuteCut = hourFloor(now - options.minuteDays * DAY_MS);
  const hourCut = hourFloor(now - options.hourDays * DAY_MS);
  const run: TRetentionRun = { ran: false, rolledUp: 0, hourly: 0, expired: 0 };
  const client = await pool.connect();
  const begin = async (): Promise<boolean> => {
    await client.query("BEGIN");
    const locked = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [ADVISORY_LOCK_KEY]);
    return locked.rows[0]?.ok === true;
  };
  try {
    if (!(await begin())) {
      await client.query("ROLLBACK");
      return run;
    }
    run.ran = true;
    const oldest = await client.query<{ at: Date | null }>("SELECT min(bucket) AS at FROM pbs_hit");
    let from = oldest.rows[0]?.at ? hourFloor(oldest.rows[0].at.getTime()) : minuteCut;
    while (from < minuteCut) {
      const to = new Date(Math.min(from.getTime() + CHUNK_HOURS * HOUR_MS, minuteCut.getTime()));
      const moved = await client.query<{ moved: number; written: number }>(ROLL_UP, [from, to]);
      run.rolledUp += moved.rows[0]?.moved ?? 0;
      run.hourly += moved.rows[0]?.written ?? 0;
      from = to;
      if (from < minuteCut) {
        await client.query("COMMIT");
        if (!(await begin())) {
          // Another process took the lock between two chunks: it carries on from here.
          await client.query("ROLLBACK");
          return run;
        }
      }
    }
    const expired = await client.query("DELETE FROM pbs_hit_hour WHERE hour < $1", [hourCut]);
    run.expired = expired.rowCount ?? 0;
    await client.query("COMMIT");
    return run;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
