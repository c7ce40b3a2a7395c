/**
 * Next.js drops a route handler's Content-Length and streams the body, so its answers go out
 * chunked. Old Connection Manager clients need PBS answers with a length, so the PBS route
 * also names it in `x-pba-content-length` (lib/server/pbs/pbs-response.ts, toWebResponse),
 * and scripts/server.mjs calls this on each response: when the headers are written, that
 * internal header becomes Content-Length again — unless the body is being compressed (then
 * its length is unknown) — and is never sent itself.
 * @param {import("node:http").ServerResponse} res
 */
export function keepContentLength(res) {
  const writeHead = res.writeHead;
  /** @type {typeof res.writeHead} */
  const wrapped = function (...args) {
    const length = res.getHeader(CONTENT_LENGTH_HINT);
    if (length !== undefined) {
      res.removeHeader(CONTENT_LENGTH_HINT);
      if (typeof length === "string" && /^[0-9]+$/.test(length) && res.getHeader("content-encoding") === undefined) {
        res.removeHeader("transfer-encoding");
        res.setHeader("content-length", length);
      }
    }
    return writeHead.apply(res, args);
  };
  res.writeHead = wrapped;
}

/** The internal header a route handler names its body's length in. */
export const CONTENT_LENGTH_HINT = "x-pba-content-length";
