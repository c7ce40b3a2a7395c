import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { retentionFromEnv, rollUpPbsHits, type TPbsRetention } from "./pbs-hit-retention";
import type { TPbsResult } from "./resolve-pbs-request";

export type TPbsHitKind = "full" | "delta" | "noUpdate" | "error";
export type TPbsHitRow = { orgSlug: string; phonebook: string; bucket: Date; full: number; delta: number; noUpdate: number; error: number };

/** Phone book under which requests that name no published phone book are counted. */
export const INVALID_PHONEBOOK = "(invalid)";
/** Organisation under which requests naming no existing organisation are counted. */
export const UNKNOWN_ORG = "(unknown)";
/** Organisation under which keys past the in-memory cap are lumped. */
export const OTHER_ORG = "(other)";

export type TPbsCounters = {
  /** Adds one hit (in memory only). */
  count: (orgSlug: string, phonebook: string, kind: TPbsHitKind) => void;
  /**
   * Counts a resolver result: per phone book when it named a published one, else under
   * "(invalid)" of the organisation, or of "(unknown)" past `maxUnprovenOrgs` (see below).
   */
  countResult: (orgSlug: string, result: TPbsResult) => void;
  /** Writes what was counted since the last flush (one statement); returns the number of rows. */
  flush: () => Promise<number>;
  /** Hits not flushed yet. */
  pending: () => TPbsHitRow[];
  /** Stops the timers, waits for a running retention pass, flushes, closes the pool. */
  close: () => Promise<void>;
};

type TRow = { orgSlug: string; phonebook: string; minute: number; full: number; delta: number; noUpdate: number; error: number };

// Slugs no organisation has are written as ("(unknown)", "(invalid)"): at most one such row a
// minute, whatever the requests named. The GROUP BY merges them before the upsert (which may
// not touch one row twice).
const KEEP = `o.slug IS NOT NULL OR u.org_slug IN ('${UNKNOWN_ORG}', '${OTHER_ORG}')`;
const UPSERT = `INSERT INTO pbs_hit (org_slug, phonebook, bucket, full_hits, delta_hits, no_update_hits, error_hits)
SELECT CASE WHEN ${KEEP} THEN u.org_slug ELSE '${UNKNOWN_ORG}' END,
       CASE WHEN ${KEEP} THEN u.phonebook ELSE '${INVALID_PHONEBOOK}' END,
       u.bucket, sum(u.full_hits), sum(u.delta_hits), sum(u.no_update_hits), sum(u.error_hits)
FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])
     AS u(org_slug, phonebook, bucket, full_hits, delta_hits, no_update_hits, error_hits)
LEFT JOIN organization o ON o.slug = u.org_slug
GROUP BY 1, 2, 3
ON CONFLICT (org_slug, phonebook, bucket) DO UPDATE SET
  full_hits = pbs_hit.full_hits + EXCLUDED.full_hits,
  delta_hits = pbs_hit.delta_hits + EXCLUDED.delta_hits,
  no_update_hits = pbs_hit.no_update_hits + EXCLUDED.no_update_hits,
  error_hits = pbs_hit.error_hits + EXCLUDED.error_hits`;

/**
 * PBS hit counters (SPEC §5): counted in memory per (org, phone book, minute) and written
 * every `flushMs` (PBS_FLUSH_SECONDS, default 10 s) with ONE upsert into `pbs_hit`, never
 * per request. Without a database URL the counts are only logged at each flush. A failed
 * flush keeps its counts.
 *
 * Random names and slugs in unauthenticated requests cannot grow memory or the table:
 * - a phone book is counted by name only when the storage held its current.json (published);
 *   other requests count as errors under "(invalid)" of their organisation;
 * - an organisation counts as itself once it served a published phone book here, and up to
 *   `maxUnprovenOrgs` others per flush (they may exist without anything published); past that
 *   their requests count under "(unknown)". The upsert then writes every slug that is no
 *   organisation as "(unknown)", so such requests add at most one row a minute;
 * - at most `maxKeys` keys are held between flushes (the rest go to "(other)"/"(invalid)").
 *
 * With `retention` (and a database), rollUpPbsHits (pbs-hit-retention.ts) runs every
 * `retention.everyMs`, first at a random point of the first minute (instances spread out).
 */
export function createPbsCounters(
  options: {
    databaseUrl?: string;
    flushMs?: number;
    maxKeys?: number;
    maxUnprovenOrgs?: number;
    retention?: TPbsRetention;
    now?: () => number;
    log?: (line: string) => void;
  } = {},
): TPbsCounters {
  const flushMs = options.flushMs ?? env().PBS_FLUSH_SECONDS * 1000;
  const maxKeys = options.maxKeys ?? 10_000;
  const maxUnprovenOrgs = options.maxUnprovenOrgs ?? 100;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  const retention = options.databaseUrl && options.retention && options.retention.everyMs > 0 ? options.retention : null;
  // A second connection for retention, so a long pass does not hold up the flushes.
  const pool = options.databaseUrl ? new pg.Pool({ connectionString: options.databaseUrl, max: retention ? 2 : 1 }) : null;
  pool?.on("error", (error) => log(`[pbs] counter database error: ${error.message}`));

  // minute → "org\nPB" → counts; `current` is the map of the minute counted last.
  let rows = new Map<number, Map<string, TRow>>();
  let keys = 0;
  let minute = -1;
  let current = new Map<string, TRow>();
  let chain: Promise<number> = Promise.resolve(0);
  // Organisations that served a published phone book in this process (bounded by real data).
  const provenOrgs = new Set<string>();
  // Other organisations counted under their own slug since the last flush.
  let unprovenOrgs = new Set<string>();

  const orgOfInvalid = (orgSlug: string): string => {
    if (provenOrgs.has(orgSlug) || unprovenOrgs.has(orgSlug)) return orgSlug;
    if (unprovenOrgs.size >= maxUnprovenOrgs) return UNKNOWN_ORG;
    unprovenOrgs.add(orgSlug);
    return orgSlug;
  };

  const rowFor = (orgSlug: string, phonebook: string, m: number): TRow => {
    if (m !== minute) {
      minute = m;
      current = rows.get(m) ?? new Map<string, TRow>();
      rows.set(m, current);
    }
    let key = `${orgSlug}\n${phonebook}`;
    let row = current.get(key);
    if (row) return row;
    if (keys >= maxKeys) {
      orgSlug = OTHER_ORG;
      phonebook = INVALID_PHONEBOOK;
      key = `${orgSlug}\n${phonebook}`;
      row = current.get(key);
      if (row) return row;
    }
    row = { orgSlug, phonebook, minute: m, full: 0, delta: 0, noUpdate: 0, error: 0 };
    current.set(key, row);
    keys += 1;
    return row;
  };

  const count = (orgSlug: string, phonebook: string, kind: TPbsHitKind): void => {
    rowFor(orgSlug, phonebook, Math.floor(now() / 60_000))[kind] += 1;
  };

  const all = (): TRow[] => [...rows.values()].flatMap((m) => [...m.values()]);

  const merge = (back: TRow[]): void => {
    for (const r of back) {
      // Kept slugs still use the budget, so failing flushes do not let it grow.
      if (r.phonebook === INVALID_PHONEBOOK && r.orgSlug !== UNKNOWN_ORG && r.orgSlug !== OTHER_ORG && !provenOrgs.has(r.orgSlug)) {
        unprovenOrgs.add(r.orgSlug);
      }
      const row = rowFor(r.orgSlug, r.phonebook, r.minute);
      row.full += r.full;
      row.delta += r.delta;
      row.noUpdate += r.noUpdate;
      row.error += r.error;
    }
  };

  const write = async (): Promise<number> => {
    const batch = all();
    rows = new Map();
    minute = -1;
    keys = 0;
    unprovenOrgs = new Set();
    if (batch.length === 0) return 0;
    if (!pool) {
      log(JSON.stringify({ pbsHits: batch.map((r) => ({ ...r, bucket: new Date(r.minute * 60_000).toISOString(), minute: undefined })) }));
      return batch.length;
    }
    try {
      const written = await pool.query(UPSERT, [
        batch.map((r) => r.orgSlug),
        batch.map((r) => r.phonebook),
        batch.map((r) => new Date(r.minute * 60_000).toISOString()),
        batch.map((r) => r.full),
        batch.map((r) => r.delta),
        batch.map((r) => r.noUpdate),
        batch.map((r) => r.error),
      ]);
      return written.rowCount ?? 0;
    } catch (error) {
      merge(batch);
      throw error;
    }
  };

  const flush = (): Promise<number> => {
    chain = chain.catch(() => 0).then(write);
    return chain;
  };

  const timer = setInterval(() => {
    flush().catch((error: unknown) => log(`[pbs] flushing counters failed (kept for the next flush): ${(error as Error).message}`));
  }, flushMs);
  timer.unref();

  let retaining: Promise<void> | null = null;
  const retain = (): void => {
    if (!pool || !retention || retaining) return;
    retaining = rollUpPbsHits(pool, { minuteDays: retention.minuteDays, hourDays: retention.hourDays })
      .then((run) => {
        if (run.rolledUp > 0 || run.expired > 0) {
          log(
            `[pbs] hit retention: ${run.rolledUp} minute rows rolled up into ${run.hourly} hourly rows, ${run.expired} hourly rows expired`,
          );
        }
      })
      .catch((error: unknown) => log(`[pbs] hit retention failed (retried at the next run): ${(error as Error).message}`))
      .finally(() => (retaining = null));
  };
  const firstRetention = retention ? setTimeout(retain, Math.random() * Math.min(retention.everyMs, 60_000)) : undefined;
  const retentionTimer = retention ? setInterval(retain, retention.everyMs) : undefined;
  firstRetention?.unref();
  retentionTimer?.unref();

  return {
    count,
    countResult: (orgSlug, result) => {
      if (result.kind !== "error" || result.phonebook !== undefined) {
        if (provenOrgs.size < maxKeys) provenOrgs.add(orgSlug);
      }
      if (result.kind === "file") count(orgSlug, result.phonebook, result.delta ? "delta" : "full");
      else if (result.kind === "no_update") count(orgSlug, result.phonebook, "noUpdate");
      else if (result.phonebook !== undefined) count(orgSlug, result.phonebook, "error");
      else count(orgOfInvalid(orgSlug), INVALID_PHONEBOOK, "error");
    },
    flush,
    pending: () =>
      all().map((r) => ({
        orgSlug: r.orgSlug,
        phonebook: r.phonebook,
        bucket: new Date(r.minute * 60_000),
        full: r.full,
        delta: r.delta,
        noUpdate: r.noUpdate,
        error: r.error,
      })),
    close: async () => {
      clearInterval(timer);
      clearTimeout(firstRetention);
      clearInterval(retentionTimer);
      try {
        await retaining;
        await flush();
      } finally {
        await pool?.end();
      }
    },
  };
}

const holder = globalThis as { __pbsCounters?: TPbsCounters };

/** The counters of the Next app process (DATABASE_URL, retention from lib/env.ts), created on first use. */
export function appPbsCounters(): TPbsCounters {
  if (!holder.__pbsCounters) {
    const e = env();
    const counters = createPbsCounters({ databaseUrl: e.DATABASE_URL, retention: retentionFromEnv(e) });
    holder.__pbsCounters = counters;
    // Flush what is pending when the app is stopped (deploys, restarts), before Next exits.
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        const deadline = new Promise((resolve) => setTimeout(resolve, 3_000).unref());
        void Promise.race([counters.flush(), deadline]).finally(() => process.kill(process.pid, signal));
      });
    }
  }
  return holder.__pbsCounters;
}
