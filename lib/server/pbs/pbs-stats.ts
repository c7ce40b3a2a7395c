import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";

export type THitBucket = { at: string; full: number; delta: number; noUpdate: number; error: number };

/**
 * PBS hits of the actor's organisation per hour over the last `hours` hours (every hour
 * present, zeros included), for one phone book (upper-case name) or all of them.
 */
export async function pbsHitsByHour(options: { actor: TActor; phonebook?: string; hours?: number }): Promise<THitBucket[]> {
  const hours = options.hours ?? 24;
  const pb = options.phonebook?.toUpperCase() ?? null;
  const rows = await db.$queryRaw<{ at: Date; full: number; delta: number; no_update: number; error: number }[]>`
    SELECT h.at,
           coalesce(sum(p.full_hits), 0)::float8 AS full, coalesce(sum(p.delta_hits), 0)::float8 AS delta,
           coalesce(sum(p.no_update_hits), 0)::float8 AS no_update, coalesce(sum(p.error_hits), 0)::float8 AS error
    FROM generate_series(date_trunc('hour', now()) - make_interval(hours => ${hours - 1}), date_trunc('hour', now()), interval '1 hour') AS h(at)
    LEFT JOIN pbs_hit p ON date_trunc('hour', p.bucket) = h.at AND p.org_slug = ${options.actor.orgSlug}
         AND (${pb}::text IS NULL OR p.phonebook = ${pb}::text)
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
