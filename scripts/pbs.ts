/**
 * `npm run pbs`: the standalone PBS server (SPEC §5). It needs only the object storage
 * (STORAGE_DRIVER, STORAGE_DIR, S3_*); counters go to DATABASE_URL when set, else to the log.
 * Env: PBS_PORT (8080), PBS_HOST (0.0.0.0), PBS_DEFAULT_ORG (default), PBS_DELIVERY
 * (stream | redirect), PBS_CACHE_SECONDS (2), PBS_FLUSH_SECONDS (10), PBS_ACCESS_LOG (off).
 * With DATABASE_URL it also runs the pbs_hit retention: PBS_HIT_MINUTE_DAYS (7),
 * PBS_HIT_HOUR_DAYS (400), PBS_RETENTION_MINUTES (60; 0 turns it off in this process).
 */
import { env } from "@/lib/env";
import { retentionFromEnv } from "@/lib/server/pbs/pbs-hit-retention";
import { startPbsServer } from "@/lib/server/pbs/pbs-server";
import { getStorage } from "@/lib/server/storage";

const log = (line: string) => console.error(`[pbs] ${line}`);

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
  });
  log(`PBS listening on ${server.url} (storage ${storage.name}, default organisation ${e.PBS_DEFAULT_ORG}, delivery ${e.PBS_DELIVERY})`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests, flushing counters`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  log(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
