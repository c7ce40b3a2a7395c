import "server-only";
import { log, type Logger } from "@/lib/server/log";
import { PbsArtifactError, type TPbsCache } from "./current-cache";
import type { TPbsCounters } from "./pbs-counters";
import type { TPbsMetrics } from "./pbs-metrics";
import { buildPbsAnswer, errorAnswer, type TPbsAnswer, type TPbsDelivery } from "./pbs-response";
import { resolvePbsRequest, type TPbsResult } from "./resolve-pbs-request";

/** Organisation slugs accepted in `/o/<org>/pbserver/pbserver.dll`. */
export const ORG_SLUG = /^[a-z0-9-]{2,40}$/;

/**
 * One PBS request, the same for the Next route and the standalone server: resolve the target
 * against the cached current.json, build the answer, count the hit (counters and metrics).
 * Never throws; a failure is logged with `requestId` (else the request context's id). When a
 * cached current.json names an artifact the storage no longer has (or holds other bytes),
 * the phone book is reloaded once; if that still fails the answer is 503 with Retry-After.
 */
export async function handlePbsRequest(input: {
  target: string;
  orgSlug: string;
  method: string;
  ifNoneMatch?: string | null;
  cache: TPbsCache;
  delivery: TPbsDelivery;
  counters?: TPbsCounters;
  metrics?: TPbsMetrics;
  logger?: Logger;
  requestId?: string;
}): Promise<TPbsAnswer> {
  const { cache } = input;
  let result: TPbsResult | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      result = await resolvePbsRequest({ target: input.target, orgSlug: input.orgSlug, loadCurrent: cache.loadCurrent });
      try {
        const answer = await buildPbsAnswer({
          result,
          method: input.method,
          ifNoneMatch: input.ifNoneMatch,
          delivery: input.delivery,
          cache,
        });
        input.counters?.countResult(input.orgSlug, result);
        input.metrics?.countResult(input.orgSlug, result);
        return answer;
      } catch (error) {
        if (!(error instanceof PbsArtifactError) || result.kind !== "file" || attempt > 0) throw error;
        cache.invalidate(input.orgSlug, result.phonebook);
      }
    }
  } catch (error) {
    const context = {
      err: error,
      method: input.method,
      path: input.target.slice(0, 200),
      ...(input.requestId ? { reqId: input.requestId } : {}),
    };
    (input.logger ?? log()).error(context, "pbs request failed");
    const phonebook = result && result.kind !== "error" ? result.phonebook : undefined;
    const failed: TPbsResult = { kind: "error", status: 503, message: "", ...(phonebook ? { phonebook } : {}) };
    input.counters?.countResult(input.orgSlug, failed);
    input.metrics?.countResult(input.orgSlug, failed);
    return errorAnswer(503, "Phone book service is temporarily unavailable; retry later");
  }
}
