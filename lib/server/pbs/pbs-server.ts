import "server-only";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { env } from "@/lib/env";
import { requestIdFrom } from "@/lib/request-context.mjs";
import { log, type Logger } from "@/lib/server/log";
import { metricsAccess } from "@/lib/server/metrics/metrics-access";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { accessLogWriter } from "./access-log-line";
import { createPbsCache, type TPbsCache } from "./current-cache";
import { handlePbsRequest, ORG_SLUG } from "./handle-pbs-request";
import { createPbsCounters, type TPbsCounters } from "./pbs-counters";
import type { TPbsRetention } from "./pbs-hit-retention";
import { createPbsMetrics, type TPbsMetrics } from "./pbs-metrics";
import { errorAnswer, sendNodeAnswer, type TPbsAnswer, type TPbsDelivery } from "./pbs-response";
import type { TPbsError } from "./resolve-pbs-request";

export type TPbsServerOptions = {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  storage: StorageAdapter;
  /** Organisation of `/pbserver/pbserver.dll` (default "default"). */
  defaultOrg?: string;
  delivery?: TPbsDelivery;
  /** Where access-log and notice lines go (default: the process logger, lib/server/log.ts). */
  logger?: Logger;
  /** One JSON line per request (default on unless PBS_ACCESS_LOG=off). */
  accessLog?: boolean;
  /** Bearer token of GET /metrics (default METRICS_TOKEN; none: 404). */
  metricsToken?: string;
  /** Default: metrics of this server's cache (lib/server/pbs/pbs-metrics.ts). */
  metrics?: TPbsMetrics;
  /**
   * Given this server's registry, returns what GET /metrics serves (default: that registry's
   * text); a cluster worker passes workerMetricsText (pbs-cluster.ts): the sum over all workers.
   */
  metricsFrom?: (registry: Registry) => () => Promise<string>;
  /** Default: a cache on `storage` (PBS_CACHE_SECONDS). */
  cache?: TPbsCache;
  /** Default: counters flushed to DATABASE_URL when set, else logged. */
  counters?: TPbsCounters;
  /** pbs_hit retention run by the default counters (none when omitted or without a database). */
  retention?: TPbsRetention;
  /** Milliseconds in-flight requests get on close before connections are cut (default 10,000). */
  graceMs?: number;
};

export type TPbsServer = { url: string; cache: TPbsCache; counters: TPbsCounters; metrics: TPbsMetrics; close: () => Promise<void> };

const PBS_PATH = "/pbserver/pbserver.dll";
const NOT_FOUND = errorAnswer(404, "Not found");
const UNKNOWN_ORG = errorAnswer(404, "Unknown organisation");
const BAD_METHOD: TPbsAnswer = (() => {
  const answer = errorAnswer(405, "Only GET and HEAD are supported");
  return { ...answer, headers: { ...answer.headers, Allow: "GET, HEAD" } };
})();

const UNAUTHORIZED: TPbsAnswer = (() => {
  const answer = errorAnswer(401, "A bearer token (METRICS_TOKEN) is required");
  return { ...answer, headers: { ...answer.headers, "WWW-Authenticate": 'Bearer realm="metrics"' } };
})();
// Counted like the resolver's answers for a request naming no published phone book.
const INVALID_REQUEST: TPbsError = { kind: "error", status: 404, message: "" };

const QUESTION_MARK = 0x3f;

/** True when `target` is `path` exactly, or `path` followed by a query. */
const isPath = (target: string, path: string, from = 0): boolean =>
  target.startsWith(path, from) && (target.length === from + path.length || target.charCodeAt(from + path.length) === QUESTION_MARK);

/** The organisation a request target is for (the default or a valid `/o/<org>/` slug), else a 404 answer. */
function orgOf(target: string, defaultOrg: string): string | TPbsAnswer {
  if (isPath(target, PBS_PATH)) return defaultOrg;
  if (!target.startsWith("/o/")) return NOT_FOUND;
  const slash = target.indexOf("/", 3);
  if (slash === -1 || !isPath(target, PBS_PATH, slash)) return NOT_FOUND;
  const org = target.slice(3, slash);
  return ORG_SLUG.test(org) ? org : UNKNOWN_ORG;
}

/**
 * Starts the standalone PBS server (SPEC §5) on plain node:http: `/pbserver/pbserver.dll`
 * (default organisation), `/o/<org>/pbserver/pbserver.dll`, `/health` (200 JSON when the
 * storage answers), `/metrics` (Prometheus, with METRICS_TOKEN), 404 for anything else, 405
 * for methods other than GET and HEAD. It reads only the object storage (cached), counts hits
 * and metrics in memory, and logs one JSON line per request (pino; `reqId` is the client's
 * well-formed X-Request-Id, else a new UUID).
 * `close()` stops accepting, lets in-flight requests finish, then flushes the counters.
 */
export async function startPbsServer(options: TPbsServerOptions): Promise<TPbsServer> {
  const { storage } = options;
  const defaultOrg = options.defaultOrg ?? "default";
  const delivery = options.delivery ?? "stream";
  const logger = options.logger ?? log();
  const accessLog = (options.accessLog ?? env().PBS_ACCESS_LOG === "on") ? accessLogWriter(logger) : null;
  const metricsToken = options.metricsToken ?? env().METRICS_TOKEN;
  const cache = options.cache ?? createPbsCache({ storage, logger });
  const metrics = options.metrics ?? createPbsMetrics({ cache });
  const metricsText = options.metricsFrom?.(metrics.registry) ?? (() => metrics.registry.metrics());
  const ownCounters = !options.counters;
  const counters = options.counters ?? createPbsCounters({ databaseUrl: env().DATABASE_URL, retention: options.retention, logger });
  let closing = false;

  const health = async (): Promise<TPbsAnswer> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        storage.health(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("storage health check timed out")), 5_000))),
      ]);
      const body = Buffer.from(JSON.stringify({ status: "ok", storage: storage.name }));
      return {
        status: 200,
        headers: { "Content-Type": "application/json", "Content-Length": String(body.length), "Cache-Control": "no-store" },
        body,
      };
    } catch (error) {
      // Details (folders, buckets, hosts) go to the log, not to this unauthenticated answer.
      metrics.healthFailed();
      logger.error({ err: error }, "pbs storage health check failed");
      const body = Buffer.from(JSON.stringify({ status: "error", storage: storage.name, message: "the object storage does not answer" }));
      return {
        status: 503,
        headers: { "Content-Type": "application/json", "Content-Length": String(body.length), "Cache-Control": "no-store" },
        body,
      };
    } finally {
      clearTimeout(timer);
    }
  };

  const scrape = async (req: IncomingMessage): Promise<TPbsAnswer> => {
    const access = metricsAccess(req.headers.authorization, metricsToken);
    if (access === "disabled") return NOT_FOUND;
    if (access === "unauthorized") return UNAUTHORIZED;
    const body = Buffer.from(await metricsText());
    return {
      status: 200,
      headers: { "Content-Type": metrics.registry.contentType, "Content-Length": String(body.length), "Cache-Control": "no-store" },
      body,
    };
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const start = performance.now();
    const target = req.url ?? "/";
    const method = req.method ?? "GET";
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    const orgSlug = orgOf(target, defaultOrg);
    // Requests for the PBS endpoint (valid organisation or not) are timed; /health, /metrics and 404s are not.
    const isPbs = orgSlug !== NOT_FOUND;
    const send = (answer: TPbsAnswer): void => {
      if (closing) res.setHeader("Connection", "close");
      const bytes = sendNodeAnswer(res, answer, method === "HEAD");
      const seconds = (performance.now() - start) / 1000;
      if (isPbs) metrics.observe(seconds);
      accessLog?.({ reqId: requestId, method, path: target, status: answer.status, bytes, ms: Math.round(seconds * 100_000) / 100 });
    };
    const fail = (error: unknown): void => {
      logger.error({ err: error, reqId: requestId, method, path: target.slice(0, 200) }, "pbs request failed unexpectedly");
      send(errorAnswer(503, "Phone book service is temporarily unavailable; retry later"));
    };
    try {
      let answer: TPbsAnswer | Promise<TPbsAnswer>;
      if (method !== "GET" && method !== "HEAD") answer = BAD_METHOD;
      else if (typeof orgSlug === "string") {
        const inm = req.headers["if-none-match"];
        answer = handlePbsRequest({ target, orgSlug, method, ifNoneMatch: inm, cache, delivery, counters, metrics, logger, requestId });
      } else if (isPbs) answer = orgSlug;
      else if (isPath(target, "/health")) answer = health();
      else if (isPath(target, "/metrics")) answer = scrape(req);
      else answer = NOT_FOUND;
      if (isPbs && typeof orgSlug !== "string") metrics.countResult("", INVALID_REQUEST);
      if (answer instanceof Promise) answer.then(send, fail);
      else send(answer);
    } catch (error) {
      fail(error);
    }
  };

  const server = createServer(onRequest);
  // Longer than a load balancer's idle timeout (60 s), as scripts/server.mjs explains.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shownHost === "0.0.0.0" ? "127.0.0.1" : shownHost === "[::]" ? "[::1]" : shownHost}:${address.port}`;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      const graceMs = options.graceMs ?? 10_000;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      try {
        if (ownCounters) await counters.close();
        else await counters.flush();
      } catch (error) {
        logger.error({ err: error }, "pbs final counter flush failed");
      }
    })();
    return closed;
  };

  return { url, cache, counters, metrics, close };
}
