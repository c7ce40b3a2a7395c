import { NextResponse } from "next/server";
import { db } from "@/lib/server/db";
import { log } from "@/lib/server/log";
import { recordRequest } from "@/lib/server/metrics/app-metrics";
import { getStorage } from "@/lib/server/storage";

export const dynamic = "force-dynamic";

// GET /api/health - 200 {"status":"ok"} when the database and the storage answer, else 503
export async function GET(): Promise<Response> {
  const started = performance.now();
  const checks: Record<string, string> = {};
  await db.$queryRaw`SELECT 1`.then(
    () => (checks.database = "ok"),
    (error: unknown) => {
      log().error({ err: error }, "health check: the database does not answer");
      checks.database = "error: the database does not answer";
    },
  );
  await getStorage()
    .health()
    .then(
      () => (checks.storage = "ok"),
      (error: unknown) => {
        // Details (hosts, buckets) go to the log, not to this unauthenticated answer.
        log().error({ err: error }, "health check: the object storage does not answer");
        checks.storage = "error: the object storage does not answer";
      },
    );
  const ok = checks.database === "ok" && checks.storage === "ok";
  const status = ok ? 200 : 503;
  recordRequest("/api/health", "GET", status, started);
  return NextResponse.json({ status: ok ? "ok" : "error", checks }, { status, headers: { "cache-control": "no-store" } });
}
