import { requestIdFrom } from "../lib/request-context.mjs";

/**
 * What scripts/server.mjs does to each request before Next.js sees it: the socket address
 * goes in `x-pba-socket-address` (a client's own copy is overwritten) and, unless the
 * proxy in front is trusted, the X-Forwarded-* headers a client could forge are dropped.
 * @param {{ headers: Record<string, string | string[] | undefined>, socket: { remoteAddress?: string } }} req
 * @param {boolean} trustProxy
 */
export function stampRequest(req, trustProxy) {
  req.headers["x-pba-socket-address"] = req.socket.remoteAddress ?? "";
  if (!trustProxy) {
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip"]) delete req.headers[name];
  }
}

/**
 * The request's id (lib/request-context.mjs): the client's X-Request-Id when well formed,
 * else a new UUID. It replaces the header, so route handlers read the same id.
 * @param {{ headers: Record<string, string | string[] | undefined> }} req
 * @returns {string}
 */
export function stampRequestId(req) {
  const requestId = requestIdFrom(req.headers["x-request-id"]);
  req.headers["x-request-id"] = requestId;
  return requestId;
}

/**
 * The auth environment for the app process: next-auth trusts X-Forwarded-Host
 * (AUTH_TRUST_HOST) only behind a trusted proxy; otherwise its origin is NEXTAUTH_URL,
 * which defaults to this machine's localhost. Returns the line to log when it defaulted.
 * @param {Record<string, string | undefined>} env
 */
export function prepareAuthEnv(env) {
  if (env.TRUST_PROXY === "true") {
    env.AUTH_TRUST_HOST ??= "true";
    return null;
  }
  delete env.AUTH_TRUST_HOST;
  if (env.NEXTAUTH_URL) return null;
  env.NEXTAUTH_URL = `http://localhost:${env.PORT ?? 3000}`;
  return `NEXTAUTH_URL is not set: using ${env.NEXTAUTH_URL} (set it to the app's public URL, or TRUST_PROXY=true behind a proxy)`;
}
