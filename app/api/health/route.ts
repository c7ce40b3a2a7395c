import { NextResponse } from "next/server";
import { db } from "@/lib/server/db";
import { getStorage } from "@/lib/server/storage";

export const dynamic = "force-dynamic";

// GET /api/health - 200 {"status":"ok"} when the database and the storage answer, else 503
export async function GET(): Promise<Response> {
  const checks: Record<string, string> = {};
  await db.$queryRaw`SELECT 1`.then(
    () => (checks.database = "ok"),
    (error: unknown) => {
      console.error("[health] database check failed", error);
      checks.database = "error: the database does not answer";
    },
  );
  await getStorage()
    .health()
    .then(
      () => (checks.storage = "ok"),
      (error: unknown) => {
        // Details (hosts, buckets) go to the log, not to this unauthenticated answer.
        console.error("[health] storage check failed", error);
        checks.storage = "error: the object storage does not answer";
      },
    );
  const ok = checks.database === "ok" && checks.storage === "ok";
  return NextResponse.json({ status: ok ? "ok" : "error", checks }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
