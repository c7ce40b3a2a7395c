/**
 * `npm run pbs`: the standalone PBS server (SPEC §5). It needs only the object storage
 * (STORAGE_DRIVER, STORAGE_DIR, S3_*); counters go to DATABASE_URL when set, else to the log.
 * Env: PBS_PORT (8080), PBS_HOST (0.0.0.0), PBS_DEFAULT_ORG (default), PBS_DELIVERY
 * (stream | redirect), PBS_CACHE_SECONDS (2), PBS_FLUSH_SECONDS (10), PBS_ACCESS_LOG (on),
 * METRICS_TOKEN (GET /metrics), LOG_LEVEL (info). The log is JSON lines on stdout (pino),
 * buffered into 4 KB writes so that the access log costs no write(2) per request.
 * With DATABASE_URL it also runs the pbs_hit retention: PBS_HIT_MINUTE_DAYS (7),
 * PBS_HIT_HOUR_DAYS (400), PBS_RETENTION_MINUTES (60; 0 turns it off in this process).
 */
import pino from "pino";
import { env } from "@/lib/env";
import { loggerOptions } from "@/lib/server/log";
import { retentionFromEnv } from "@/lib/server/pbs/pbs-hit-retention";
import { startPbsServer } from "@/lib/server/pbs/pbs-server";
import { getStorage } from "@/lib/server/storage";

// Written in 4 KB blocks (one write(2) per ~13 access-log lines), every second and on exit.
// Synchronous like process.stdout on Linux: asynchronous writes cost more CPU per line here
// (libuv's thread pool; measured, README "Metrics and logs").
const destination = pino.destination({ dest: 1, minLength: 4096, sync: true });
const logger = pino(loggerOptions(), destination);
const exit = (code: number): never => {
  destination.flushSync();
  process.exit(code);
};

async function main(): Promise<void> {
  const e = env();
  const storage = getStorage();
  const server = await startPbsServer({
    port: e.PBS_PORT,
    host: e.PBS_HOST,
    storage,
    defaultOrg: e.PBS_DEFAULT_ORG,
    delivery: e.PBS_DELIVERY,
    retention: retentionFromEnv(e),
    logger,
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

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "PBS start failed");
  exit(1);
});
