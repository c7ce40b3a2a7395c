import { env } from "@/lib/env";
import { appMetrics } from "@/lib/server/metrics/app-metrics";
import { metricsAccess } from "@/lib/server/metrics/metrics-access";

export const dynamic = "force-dynamic";

// GET /metrics - Prometheus text for a scraper with `Authorization: Bearer <METRICS_TOKEN>`; 401 without it, 404 when METRICS_TOKEN is unset
export async function GET(request: Request): Promise<Response> {
  const access = metricsAccess(request.headers.get("authorization"), env().METRICS_TOKEN);
  if (access === "disabled") return new Response("Not found\n", { status: 404, headers: { "cache-control": "no-store" } });
  if (access === "unauthorized") {
    return new Response("A bearer token (METRICS_TOKEN) is required\n", {
      status: 401,
      headers: { "cache-control": "no-store", "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { registry } = appMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
