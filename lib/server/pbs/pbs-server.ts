import "server-only";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { createPbsCache, type TPbsCache } from "./current-cache";
import { handlePbsRequest, ORG_SLUG } from "./handle-pbs-request";
import { createPbsCounters, type TPbsCounters } from "./pbs-counters";
import type { TPbsRetention } from "./pbs-hit-retention";
import { errorAnswer, sendNodeAnswer, type TPbsAnswer, type TPbsDelivery } from "./pbs-response";
import { env } from "@/lib/env";

export type TPbsServerOptions = {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  storage: StorageAdapter;
  /** Organisation of `/pbserver/pbserver.dll` (default "default"). */
  defaultOrg?: string;
  delivery?: TPbsDelivery;
  /** Where access-log and notice lines go (default stdout). */
  log?: (line: string) => void;
  /** One JSON line per request (default on unless PBS_ACCESS_LOG=off). */
  accessLog?: boolean;
  /** Default: a cache on `storage` (PBS_CACHE_SECONDS). */
  cache?: TPbsCache;
  /** Default: counters flushed to DATABASE_URL when set, else logged. */
  counters?: TPbsCounters;
  /** pbs_hit retention run by the default counters (none when omitted or without a database). */
  retention?: TPbsRetention;
  /** Milliseconds in-flight requests get on close before connections are cut (default 10,000). */
  graceMs?: number;
};

export type TPbsServer = { url: string; cache: TPbsCache; counters: TPbsCounters; close: () => Promise<void> };

const PBS_PATH = "/pbserver/pbserver.dll";
const NOT_FOUND = errorAnswer(404, "Not found");
const UNKNOWN_ORG = errorAnswer(404, "Unknown organisation");
const BAD_METHOD: TPbsAnswer = (() => {
  const answer = errorAnswer(405, "Only GET and HEAD are supported");
  return { ...answer, headers: { ...answer.headers, Allow: "GET, HEAD" } };
})();

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
 * storage answers), 404 for anything else, 405 for methods other than GET and HEAD. It reads
 * only the object storage (cached), counts hits in memory, and logs one JSON line per request.
 * `close()` stops accepting, lets in-flight requests finish, then flushes the counters.
 */
export async function startPbsServer(options: TPbsServerOptions): Promise<TPbsServer> {
  const { storage } = options;
  const defaultOrg = options.defaultOrg ?? "default";
  const delivery = options.delivery ?? "stream";
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const accessLog = options.accessLog ?? env().PBS_ACCESS_LOG !== "off";
  const cache = options.cache ?? createPbsCache({ storage });
  const ownCounters = !options.counters;
  const counters = options.counters ?? createPbsCounters({ databaseUrl: env().DATABASE_URL, retention: options.retention, log });
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
      log(`[pbs] storage health check failed: ${(error as Error).message}`);
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

  const answerFor = (req: IncomingMessage, target: string, method: string): TPbsAnswer | Promise<TPbsAnswer> => {
    if (method !== "GET" && method !== "HEAD") return BAD_METHOD;
    if (isPath(target, "/health")) return health();
    const orgSlug = orgOf(target, defaultOrg);
    if (typeof orgSlug !== "string") return orgSlug;
    const inm = req.headers["if-none-match"];
    return handlePbsRequest({ target, orgSlug, method, ifNoneMatch: inm, cache, delivery, counters });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const start = accessLog ? performance.now() : 0;
    const target = req.url ?? "/";
    const method = req.method ?? "GET";
    const isHead = method === "HEAD";
    const send = (answer: TPbsAnswer): void => {
      if (closing) res.setHeader("Connection", "close");
      const bytes = sendNodeAnswer(res, answer, isHead);
      if (accessLog) {
        const ms = Math.round((performance.now() - start) * 100) / 100;
        log(JSON.stringify({ time: new Date().toISOString(), method, path: target, status: answer.status, bytes, ms }));
      }
    };
    try {
      const answer = answerFor(req, target, method);
      if (answer instanceof Promise) {
        answer.then(send, (error: unknown) => {
          log(`[pbs] unexpected failure for ${method} ${target.slice(0, 200)}: ${String(error)}`);
          send(errorAnswer(503, "Phone book service is temporarily unavailable; retry later"));
        });
      } else send(answer);
    } catch (error) {
      log(`[pbs] unexpected failure for ${method} ${target.slice(0, 200)}: ${String(error)}`);
      send(errorAnswer(503, "Phone book service is temporarily unavailable; retry later"));
    }
  };

  const server = createServer(onRequest);
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
        log(`[pbs] final counter flush failed: ${(error as Error).message}`);
      }
    })();
    return closed;
  };

  return { url, cache, counters, close };
}
