import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { dbPool } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const BYTES = [1e3, 1e4, 1e5, 5e5, 1e6, 5e6, 1e7, 5e7, 1e8];
const ROWS = [10, 100, 1_000, 5_000, 10_000, 32_000, 100_000];

function create() {
  const registry = new Registry();
  const registers = [registry];
  const metrics = {
    registry,
    requests: new Counter({
      name: "pba_http_requests_total",
      help: "Requests to the API, the PBS route and /api/health, by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    requestSeconds: new Histogram({
      name: "pba_http_request_duration_seconds",
      help: "Time to answer a request, by route pattern (streamed bodies: until the handler returned)",
      labelNames: ["route"] as const,
      buckets: SECONDS,
      registers,
    }),
    publishSeconds: new Histogram({
      name: "pba_publish_duration_seconds",
      help: "Time of a publish, by outcome: published, unchanged (409, nothing to publish), refused (other 4xx), failed",
      labelNames: ["outcome"] as const,
      buckets: SECONDS,
      registers,
    }),
    publishBytes: new Histogram({
      name: "pba_publish_bytes",
      help: "Bytes stored by a successful publish (.pbk, .pbr, .ver and the cabs)",
      buckets: BYTES,
      registers,
    }),
    importSeconds: new Histogram({
      name: "pba_import_duration_seconds",
      help: "Time of an import, by outcome: applied, dry_run, refused (4xx: invalid rows, limits, conflicts), failed",
      labelNames: ["outcome"] as const,
      buckets: SECONDS,
      registers,
    }),
    importBytes: new Histogram({ name: "pba_import_bytes", help: "Size of an uploaded import file", buckets: BYTES, registers }),
    importRows: new Histogram({ name: "pba_import_rows", help: "Rows of an import that passed validation", buckets: ROWS, registers }),
  };
  new Gauge({
    name: "pba_db_pool_connections",
    help: "Connections of the app's PostgreSQL pool: total (open) and idle",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const pool = dbPool();
      this.set({ state: "total" }, pool?.totalCount ?? 0);
      this.set({ state: "idle" }, pool?.idleCount ?? 0);
    },
  });
  new Gauge({
    name: "pba_db_pool_waiting",
    help: "Queries waiting for a free connection of the app's PostgreSQL pool",
    registers,
    collect() {
      this.set(dbPool()?.waitingCount ?? 0);
    },
  });
  collectDefaultMetrics({ register: registry });
  return metrics;
}

export type TAppMetrics = ReturnType<typeof create>;

// One set per process, on globalThis so that every bundle of the Next app counts into it.
const holder = globalThis as { __pbaAppMetrics?: TAppMetrics };

/** The app's Prometheus metrics (GET /metrics, README "Metrics"), created on first use. */
export function appMetrics(): TAppMetrics {
  holder.__pbaAppMetrics ??= create();
  return holder.__pbaAppMetrics;
}

const sinceSeconds = (startMs: number) => (performance.now() - startMs) / 1000;

/** Counts one answered request (`startMs` from performance.now()). */
export function recordRequest(route: string, method: string, status: number, startMs: number): void {
  const m = appMetrics();
  m.requests.inc({ route, method, status: String(status) });
  m.requestSeconds.observe({ route }, sinceSeconds(startMs));
}

/** Outcome of a failed operation: "refused" for a typed 4xx error (the caller's input or state), else "failed". */
export function failureOutcome(error: unknown): "refused" | "failed" {
  return error instanceof AppError && error.status < 500 ? "refused" : "failed";
}

export function recordPublish(outcome: string, startMs: number, bytes?: number): void {
  const m = appMetrics();
  m.publishSeconds.observe({ outcome }, sinceSeconds(startMs));
  if (bytes !== undefined) m.publishBytes.observe(bytes);
}

export function recordImport(outcome: string, startMs: number, bytes: number, rows?: number): void {
  const m = appMetrics();
  m.importSeconds.observe({ outcome }, sinceSeconds(startMs));
  m.importBytes.observe(bytes);
  if (rows !== undefined) m.importRows.observe(rows);
}
