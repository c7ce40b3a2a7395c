import { NextResponse } from "next/server";
import { db } from "@/lib/server/db";
import { getStorage } from "@/lib/server/storage";

export const dynamic = "force-dynamic";

// GET /api/health - 200 {"status":"ok"} when the database and the storage answer, else 503
export async function GET(): Promise<Response> {
  const checks: Record<string, string> = {};
  await db.$queryRaw`SELECT 1`.then(
    () => (checks.database = "ok"),
    (error: unknown) => (checks.database = `error: ${(error as Error).message}`),
  );
  await getStorage()
    .health()
    .then(
      () => (checks.storage = "ok"),
      (error: unknown) => (checks.storage = `error: ${(error as Error).message}`),
    );
  const ok = checks.database === "ok" && checks.storage === "ok";
  return NextResponse.json({ status: ok ? "ok" : "error", checks }, { status: ok ? 200 : 503 });
}
