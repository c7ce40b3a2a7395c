import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";

export type THitBucket = { at: string; full: number; delta: number; noUpdate: number; error: number };

/**
 * PBS hits of the actor's organisation per UTC hour over the last `hours` hours (every hour
 * present, zeros included), for one phone book (upper-case name) or all of them. Reads the
 * minute rows (`pbs_hit`) and the hourly rows they are rolled up into after
 * PBS_HIT_MINUTE_DAYS (`pbs_hit_hour`, pbs-hit-retention.ts), so totals do not change when
 * the roll-up runs.
 */
export async function pbsHitsByHour(options: { actor: TActor; phonebook?: string; hours?: number }): Promise<THitBucket[]> {
  const hours = options.hours ?? 24;
  const pb = options.phonebook?.toUpperCase() ?? null;
  const org = options.actor.orgSlug;
  const rows = await db.$queryRaw<{ at: Date; full: number; delta: number; no_update: number; error: number }[]>`
    WITH span AS (
      SELECT date_trunc('hour', now(), 'UTC') - make_interval(hours => ${hours - 1}) AS first, date_trunc('hour', now(), 'UTC') AS last
    ), hits AS (
      SELECT date_trunc('hour', bucket, 'UTC') AS at, full_hits, delta_hits, no_update_hits, error_hits
      FROM pbs_hit, span
      WHERE org_slug = ${org} AND (${pb}::text IS NULL OR phonebook = ${pb}::text)
        AND bucket >= span.first AND bucket < span.last + interval '1 hour'
      UNION ALL
      SELECT hour, full_hits, delta_hits, no_update_hits, error_hits
      FROM pbs_hit_hour, span
      WHERE org_slug = ${org} AND (${pb}::text IS NULL OR phonebook = ${pb}::text)
        AND hour >= span.first AND hour <= span.last
    )
    SELECT h.at,
           coalesce(sum(p.full_hits), 0)::float8 AS full, coalesce(sum(p.delta_hits), 0)::float8 AS delta,
           coalesce(sum(p.no_update_hits), 0)::float8 AS no_update, coalesce(sum(p.error_hits), 0)::float8 AS error
    FROM span CROSS JOIN LATERAL generate_series(span.first, span.last, interval '1 hour') AS h(at)
    LEFT JOIN hits p ON p.at = h.at
    GROUP BY h.at ORDER BY h.at`;
  return rows.map((r) => ({ at: r.at.toISOString(), full: r.full, delta: r.delta, noUpdate: r.no_update, error: r.error }));
}

/** POPs per country code of one phone book (in service and out), largest first. */
export async function popsPerCountry(phonebookId: string): Promise<{ countryCode: number; count: number }[]> {
  const rows = await db.pop.groupBy({
    by: ["countryCode"],
    where: { phonebookId },
    _count: { _all: true },
    orderBy: { _count: { countryCode: "desc" } },
  });
  return rows.map((r) => ({ countryCode: r.countryCode, count: r._count._all }));
}
