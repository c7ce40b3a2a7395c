import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

/** What GET /metrics answers: the metrics, 401 (missing or wrong bearer token), or 404 (no METRICS_TOKEN). */
export type TMetricsAccess = "ok" | "unauthorized" | "disabled";

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/**
 * Access to GET /metrics on the app and the standalone PBS: only with
 * `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time. Without METRICS_TOKEN
 * the endpoint does not exist (404): the metrics name every organisation's phone books.
 */
export function metricsAccess(authorization: string | null | undefined, token: string | undefined): TMetricsAccess {
  if (!token) return "disabled";
  if (!authorization?.startsWith("Bearer ")) return "unauthorized";
  return timingSafeEqual(digest(authorization.slice(7).trim()), digest(token)) ? "ok" : "unauthorized";
}
