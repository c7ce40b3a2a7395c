/**
 * The request id of the request being handled, shared by scripts/server.mjs (which starts
 * each request inside it) and lib/server/log.ts (which puts it on every log line). Plain
 * JavaScript so that scripts/server.mjs runs on bare node; kept on globalThis so that every
 * bundle of the Next app sees the one instance.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

const KEY = Symbol.for("pba.request-context");
/** @type {Record<symbol, unknown>} */
const holder = /** @type {never} */ (globalThis);

/** @type {AsyncLocalStorage<{ requestId: string }>} */
export const requestContext = /** @type {never} */ (holder[KEY] ??= new AsyncLocalStorage());

// Letters, digits and . _ : @ - (UUIDs, trace ids, load-balancer ids); nothing that could
// break a log line or a header.
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/**
 * The request id for an incoming X-Request-Id header value: the header itself when it is
 * well formed (1 to 128 letters, digits and `._:@-`), else a new random UUID.
 * @param {string | string[] | null | undefined} header
 * @returns {string}
 */
export function requestIdFrom(header) {
  return typeof header === "string" && WELL_FORMED.test(header) ? header : randomUUID();
}
