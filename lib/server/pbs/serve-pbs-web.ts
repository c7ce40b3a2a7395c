import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/server/log";
import { appMetrics, recordRequest } from "@/lib/server/metrics/app-metrics";
import { getStorage } from "@/lib/server/storage";
import { pbsCacheFor } from "./current-cache";
import { handlePbsRequest, ORG_SLUG } from "./handle-pbs-request";
import { appPbsCounters } from "./pbs-counters";
import { createPbsMetrics, type TPbsMetrics } from "./pbs-metrics";
import { errorAnswer, toWebResponse } from "./pbs-response";
import type { TPbsCache } from "./current-cache";

const holder = globalThis as { __pbsWebMetrics?: TPbsMetrics };

/** PBS metrics of the app's PBS route, in the app's registry (created with the first request). */
function pbsWebMetrics(cache: TPbsCache): TPbsMetrics {
  holder.__pbsWebMetrics ??= createPbsMetrics({ cache, registry: appMetrics().registry });
  return holder.__pbsWebMetrics;
}

/** Path + query of an absolute request URL, without a fragment. */
function targetOf(url: string): string {
  const scheme = url.indexOf("//");
  const slash = url.indexOf("/", scheme === -1 ? 0 : scheme + 2);
  const target = slash === -1 ? "/" : url.slice(slash);
  const hash = target.indexOf("#");
  return hash === -1 ? target : target.slice(0, hash);
}

/**
 * The PBS endpoint inside the Next app (GET and HEAD): `orgSlug` null serves the default
 * organisation (PBS_DEFAULT_ORG). Uses getStorage(), this process's cache and counters.
 * The target is the URL as Next parsed it (non-ASCII bytes arrive percent-encoded). Never
 * throws; a bad environment or storage setup answers 503. Counted in the app's metrics:
 * pba_http_requests_total and the pbs_* metrics of the standalone server.
 */
export async function servePbsWebRequest(request: Request, orgSlug: string | null): Promise<Response> {
  const started = performance.now();
  const route = orgSlug === null ? "/pbserver/pbserver.dll" : "/o/[org]/pbserver/pbserver.dll";
  const response = await answerPbs(request, orgSlug);
  recordRequest(route, request.method, response.status, started);
  holder.__pbsWebMetrics?.observe((performance.now() - started) / 1000);
  return response;
}

async function answerPbs(request: Request, orgSlug: string | null): Promise<Response> {
  const isHead = request.method === "HEAD";
  try {
    if (orgSlug !== null && !ORG_SLUG.test(orgSlug)) return toWebResponse(errorAnswer(404, "Unknown organisation"), isHead);
    const e = env();
    const cache = pbsCacheFor(getStorage());
    const answer = await handlePbsRequest({
      target: targetOf(request.url),
      orgSlug: orgSlug ?? e.PBS_DEFAULT_ORG,
      method: request.method,
      ifNoneMatch: request.headers.get("if-none-match"),
      cache,
      delivery: e.PBS_DELIVERY,
      counters: appPbsCounters(),
      metrics: pbsWebMetrics(cache),
    });
    return toWebResponse(answer, isHead);
  } catch (error) {
    log().error({ err: error }, "the PBS route could not start");
    return toWebResponse(errorAnswer(503, "Phone book service is temporarily unavailable; retry later"), isHead);
  }
}
