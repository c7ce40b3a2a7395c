import "server-only";
import { env } from "@/lib/env";
import { getStorage } from "@/lib/server/storage";
import { pbsCacheFor } from "./current-cache";
import { handlePbsRequest, ORG_SLUG } from "./handle-pbs-request";
import { appPbsCounters } from "./pbs-counters";
import { errorAnswer, toWebResponse } from "./pbs-response";

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
 * throws; a bad environment or storage setup answers 503.
 */
export async function servePbsWebRequest(request: Request, orgSlug: string | null): Promise<Response> {
  const isHead = request.method === "HEAD";
  try {
    if (orgSlug !== null && !ORG_SLUG.test(orgSlug)) return toWebResponse(errorAnswer(404, "Unknown organisation"), isHead);
    const e = env();
    const answer = await handlePbsRequest({
      target: targetOf(request.url),
      orgSlug: orgSlug ?? e.PBS_DEFAULT_ORG,
      method: request.method,
      ifNoneMatch: request.headers.get("if-none-match"),
      cache: pbsCacheFor(getStorage()),
      delivery: e.PBS_DELIVERY,
      counters: appPbsCounters(),
    });
    return toWebResponse(answer, isHead);
  } catch (error) {
    console.error("[pbs] the PBS route could not start", error);
    return toWebResponse(errorAnswer(503, "Phone book service is temporarily unavailable; retry later"), isHead);
  }
}
