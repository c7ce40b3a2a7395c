import "server-only";
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from "prom-client";
import type { TPbsCache } from "./current-cache";
import type { TPbsResult } from "./resolve-pbs-request";

/** What a PBS answer gave the client: no update, a delta cab, the full cab, or an error. */
export type TPbsOutcome = "none" | "delta" | "full" | "error";
const OUTCOMES: readonly TPbsOutcome[] = ["none", "delta", "full", "error"];
const NONE = 0;
const DELTA = 1;
const FULL = 2;
const ERROR = 3;

/** Label of requests that named no published phone book, and of organisations not seen serving one. */
export const METRICS_INVALID = "(invalid)";
export const METRICS_UNKNOWN_ORG = "(unknown)";
/** Label of phone books past `maxSeries` (never reached with real data). */
export const METRICS_OTHER = "(other)";

/** Upper bounds (seconds) of the latency histogram: a cached answer takes well under 1 ms. */
export const PBS_LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

export type TPbsMetrics = {
  /** Counts one answer of the PBS endpoint (from handlePbsRequest). */
  countResult: (orgSlug: string, result: TPbsResult) => void;
  /** Adds one request's duration (seconds) to the latency histogram. */
  observe: (seconds: number) => void;
  /** A storage health check that failed (GET /health). */
  healthFailed: () => void;
  /** The registry to scrape (Prometheus text: `await registry.metrics()`). */
  registry: Registry;
};

/**
 * Prometheus metrics of the PBS endpoint (served at GET /metrics, README "Metrics"):
 * - `pbs_answers_total{outcome,org,phonebook}`: answers by outcome per published phone book;
 *   requests that named none count under phonebook "(invalid)" of their organisation when it
 *   has served a published phone book here, else of "(unknown)", so random names in
 *   unauthenticated requests add no series;
 * - `pbs_request_duration_seconds`: latency of every PBS endpoint request, from its arrival
 *   to the answer handed to the socket;
 * - `pbs_artifact_cache_hits_total` / `_misses_total`, `pbs_current_json_loads_total`,
 *   `pbs_storage_errors_total{operation}` (current, artifact, health), read from `cache`;
 * - Node's process metrics (CPU, memory, event-loop lag, GC) in a registry of its own.
 *
 * The hot path only adds to plain numbers (about 20 ns a request); prom-client reads them
 * when /metrics is scraped. Its own label children would hash and validate the label values
 * on every increment (about 600 ns for a counter plus a histogram, measured).
 */
export function createPbsMetrics(options: {
  cache: TPbsCache;
  maxSeries?: number;
  /** Default: a registry of its own, with Node's process metrics. */
  registry?: Registry;
}): TPbsMetrics {
  const { cache } = options;
  const maxSeries = options.maxSeries ?? 10_000;
  const registry = options.registry ?? new Registry();
  // org → phone book → answers by outcome (NONE, DELTA, FULL, ERROR).
  const books = new Map<string, Map<string, Float64Array>>();
  let series = 0;
  let healthFailures = 0;
  const latency = tallyHistogram("pbs_request_duration_seconds", "Time from a PBS request's arrival to its answer", PBS_LATENCY_BUCKETS);

  const slot = (org: string, phonebook: string): Float64Array => {
    let byName = books.get(org);
    let counts = byName?.get(phonebook);
    if (counts) return counts;
    if (series >= maxSeries && !(org === METRICS_OTHER && phonebook === METRICS_OTHER)) return slot(METRICS_OTHER, METRICS_OTHER);
    if (!byName) books.set(org, (byName = new Map<string, Float64Array>()));
    byName.set(phonebook, (counts = new Float64Array(OUTCOMES.length)));
    series += 1;
    return counts;
  };

  const countResult = (orgSlug: string, result: TPbsResult): void => {
    if (result.kind === "no_update") slot(orgSlug, result.phonebook)[NONE]! += 1;
    else if (result.kind === "file") slot(orgSlug, result.phonebook)[result.delta ? DELTA : FULL]! += 1;
    else if (result.phonebook !== undefined) slot(orgSlug, result.phonebook)[ERROR]! += 1;
    else slot(books.has(orgSlug) ? orgSlug : METRICS_UNKNOWN_ORG, METRICS_INVALID)[ERROR]! += 1;
  };

  new Counter({
    name: "pbs_answers_total",
    help: "PBS answers by outcome (none, delta, full, error), organisation and phone book",
    labelNames: ["outcome", "org", "phonebook"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [org, byName] of books) {
        for (const [phonebook, counts] of byName) {
          for (let i = 0; i < OUTCOMES.length; i++) this.inc({ outcome: OUTCOMES[i], org, phonebook }, counts[i]);
        }
      }
    },
  });
  registry.registerMetric(latency.metric);
  const fromCache = (name: string, help: string, read: (s: ReturnType<TPbsCache["stats"]>) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(cache.stats()));
      },
    });
  fromCache("pbs_artifact_cache_hits_total", "Cab lookups answered from the in-memory artifact cache", (s) => s.artifactHits);
  fromCache("pbs_artifact_cache_misses_total", "Cab lookups that had to read the storage", (s) => s.artifactMisses);
  fromCache("pbs_current_json_loads_total", "current.json reads from the storage (cache misses and refreshes)", (s) => s.loads);
  new Counter({
    name: "pbs_storage_errors_total",
    help: "Failed storage reads by operation: current (current.json), artifact (a cab), health (GET /health)",
    labelNames: ["operation"] as const,
    registers: [registry],
    collect() {
      const { storageErrors } = cache.stats();
      this.reset();
      this.inc({ operation: "current" }, storageErrors.current);
      this.inc({ operation: "artifact" }, storageErrors.artifact);
      this.inc({ operation: "health" }, healthFailures);
    },
  });
  new Gauge({
    name: "pbs_artifact_cache_bytes",
    help: "Bytes of cabs held in the artifact cache",
    registers: [registry],
    collect() {
      this.set(cache.stats().artifactBytes);
    },
  });
  if (!options.registry) collectDefaultMetrics({ register: registry });

  return { countResult, observe: latency.observe, healthFailed: () => void (healthFailures += 1), registry };
}

/**
 * A histogram kept in plain numbers and handed to prom-client at scrape time, in the shape
 * its own Histogram produces (`_bucket` cumulative with `le`, `_sum`, `_count`): prom-client
 * has no public way to set a histogram's values, and its `observe` costs ~400 ns.
 */
function tallyHistogram(name: string, help: string, bounds: readonly number[]): { observe: (value: number) => void; metric: Metric } {
  const counts = new Float64Array(bounds.length);
  let count = 0;
  let sum = 0;
  const observe = (value: number): void => {
    count += 1;
    sum += value;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        counts[i]! += 1;
        return;
      }
    }
  };
  const get = () => {
    let cumulative = 0;
    const values = bounds.map((le, i) => ({ metricName: `${name}_bucket`, labels: { le: String(le) }, value: (cumulative += counts[i]!) }));
    values.push({ metricName: `${name}_bucket`, labels: { le: "+Inf" }, value: count });
    return Promise.resolve({
      name,
      help,
      type: "histogram",
      aggregator: "sum",
      values: [...values, { metricName: `${name}_sum`, labels: {}, value: sum }, { metricName: `${name}_count`, labels: {}, value: count }],
    });
  };
  const reset = () => {
    counts.fill(0);
    count = 0;
    sum = 0;
  };
  // Duck-typed: the registry only reads name, help, type, aggregator and get().
  return { observe, metric: { name, help, type: "histogram", aggregator: "sum", get, reset } as unknown as Metric };
}
