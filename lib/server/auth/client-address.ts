import "server-only";
import { env } from "@/lib/env";

/** Header our HTTP server (scripts/server.mjs) sets from the socket; a client's own copy is replaced. */
export const SOCKET_ADDRESS_HEADER = "x-pba-socket-address";

/**
 * The client address for sign-in delays. Behind a trusted proxy (TRUST_PROXY=true) it is
 * the last X-Forwarded-For hop, the one the proxy itself appended (earlier hops are the
 * client's to forge). Otherwise the socket address. "unknown" when neither is there
 * (scripts, tests).
 */
export function clientAddress(
  headers: Record<string, string | string[] | undefined> | Headers | undefined,
  trustProxy = env().TRUST_PROXY === "true",
): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[v.length - 1] : v;
  };
  const forwarded = trustProxy ? get("x-forwarded-for")?.split(",").pop()?.trim() : undefined;
  const address = forwarded || get(SOCKET_ADDRESS_HEADER)?.trim() || "unknown";
  return address.replace(/^::ffff:/, "").slice(0, 64);
}
