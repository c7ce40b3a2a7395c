/**
 * `npm run pbs`: the standalone PBS server (SPEC §5). It needs only the object storage
 * (STORAGE_DRIVER, STORAGE_DIR, S3_*); counters go to DATABASE_URL when set, else to the log.
 * Env: PBS_PORT (8080), PBS_HOST (0.0.0.0), PBS_DEFAULT_ORG (default), PBS_DELIVERY
 * (stream | redirect), PBS_CACHE_SECONDS (2), PBS_FLUSH_SECONDS (10), PBS_ACCESS_LOG (on),
 * METRICS_TOKEN (GET /metrics), LOG_LEVEL (info), PBS_WORKERS (the number of cores). The log
 * is JSON lines on stdout (pino), buffered into writes of whole lines of at most 4 KB so that
 * the access log costs no write(2) per request and the workers' lines never interleave.
 * With DATABASE_URL it also runs the pbs_hit retention: PBS_HIT_MINUTE_DAYS (7),
 * PBS_HIT_HOUR_DAYS (400), PBS_RETENTION_MINUTES (60; 0 turns it off in this process).
 * With PBS_WORKERS > 1 this process is the primary of a node:cluster (pbs-cluster.ts): the
 * workers run this same file and serve; worker 0 runs the retention.
 */
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import pino from "pino";
import { env } from "@/lib/env";
import { loggerOptions } from "@/lib/server/log";
import { createLineBuffer } from "@/lib/server/log-lines";
import { startPbsPrimary, workerMetricsText } from "@/lib/server/pbs/pbs-cluster";
import { retentionFromEnv } from "@/lib/server/pbs/pbs-hit-retention";
import { startPbsServer } from "@/lib/server/pbs/pbs-server";
import { getStorage } from "@/lib/server/storage";

// Written in blocks of whole lines of at most PIPE_BUF (one write(2) per ~13 access-log lines),
// every second and on exit; the workers' lines never interleave (lib/server/log-lines.ts).
// Synchronous like process.stdout on Linux: asynchronous writes cost more CPU per line here
// (libuv's thread pool; measured, README "Metrics and logs").
const destination = createLineBuffer(1);
const logger = pino(loggerOptions(), destination);
const exit = (code: number): never => {
  destination.flushSync();
  process.exit(code);
};

function primary(workers: number): void {
  logger.info({ workers }, "PBS primary starting its workers");
  setInterval(() => destination.flush(), 1_000).unref();
  const cluster = startPbsPrimary({ workers, logger });
  process.on("SIGINT", () => cluster.stop("SIGINT"));
  process.on("SIGTERM", () => cluster.stop("SIGTERM"));
  void cluster.done.then((code) => {
    logger.info({ code }, "PBS primary exiting: every worker stopped");
    exit(code);
  });
}

async function serve(clustered: boolean): Promise<void> {
  const e = env();
  const storage = getStorage();
  const server = await startPbsServer({
    port: e.PBS_PORT,
    host: e.PBS_HOST,
    storage,
    defaultOrg: e.PBS_DEFAULT_ORG,
    delivery: e.PBS_DELIVERY,
    // One process of a cluster runs the retention (the others would wait on its lock).
    retention: !clustered || e.PBS_WORKER_SLOT === 0 ? retentionFromEnv(e) : undefined,
    logger,
    metricsFrom: clustered ? workerMetricsText : undefined,
  });
  logger.info(
    {
      url: server.url,
      storage: storage.name,
      defaultOrg: e.PBS_DEFAULT_ORG,
      delivery: e.PBS_DELIVERY,
      metrics: e.METRICS_TOKEN ? "on" : "off",
    },
    "PBS listening",
  );
  // Lines written while idle reach stdout within a second.
  setInterval(() => destination.flush(), 1_000).unref();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "finishing in-flight requests, flushing counters");
    server.close().then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

function main(): void {
  const workers = env().PBS_WORKERS ?? availableParallelism();
  if (workers > 1 && cluster.isPrimary) primary(workers);
  else
    serve(cluster.isWorker).catch((error: unknown) => {
      logger.fatal({ err: error }, "PBS start failed");
      exit(1);
    });
}

try {
  main();
} catch (error) {
  logger.fatal({ err: error }, "PBS start failed");
  exit(1);
}
