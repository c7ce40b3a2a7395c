/**
 * The app's HTTP server (`npm run dev` / `npm start` run it through scripts/start.ts): Next.js
 * behind node:http, so that route handlers learn the client's socket address. It replaces
 * any client-sent `x-pba-socket-address` with the real one and, unless TRUST_PROXY=true,
 * drops X-Forwarded-* headers a client could forge (lib/server/auth/client-address.ts).
 * Each request gets an id (the client's well-formed X-Request-Id, else a UUID), answered in
 * X-Request-Id and put on every log line written while it is handled (lib/request-context.mjs).
 * Plain JavaScript: it runs on `node` without a TypeScript loader, in the repository as in
 * Next's standalone output (Dockerfile). PORT, HOSTNAME_BIND, TRUST_PROXY and LOG_LEVEL were
 * validated by lib/env.ts in scripts/start.ts, which starts this process.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import pino from "pino";
import { requestContext } from "../lib/request-context.mjs";
import { keepContentLength } from "./content-length.mjs";
import { stampRequest, stampRequestId } from "./request-stamp.mjs";

const dev = process.argv[2] === "dev";
if (!dev) {
  // The configuration `next build` serialised, as Next's own standalone server.js passes it:
  // no next.config.mjs needed at run time (the container has none) and no "standalone" warning.
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next", "required-server-files.json"), "utf8"));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(manifest.config);
}
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const trustProxy = process.env.TRUST_PROXY === "true";
// The options of lib/server/log.ts (JSON lines, ISO time, the level as a word).
const logger = pino({
  level: process.env.LOG_LEVEL || "info",
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

const app = next({ dev, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

/** @param {import("node:http").IncomingMessage} req */
const stamp = (req) => stampRequest(req, trustProxy);

const server = createServer((req, res) => {
  stamp(req);
  keepContentLength(res);
  const requestId = stampRequestId(req);
  res.setHeader("X-Request-Id", requestId);
  requestContext.run({ requestId }, () => void handle(req, res));
});
const upgrade = app.getUpgradeHandler();
server.on("upgrade", (req, socket, head) => {
  stamp(req);
  void upgrade(req, socket, head);
});
// Idle keep-alive connections stay open longer than a load balancer's own idle timeout
// (AWS ALB, nginx: 60 s): with Node's 5 s default the server may close a connection just as
// the balancer (or a client) sends the next request on it, which fails as a 502.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () =>
  logger.info({ url: `http://localhost:${port}`, mode: dev ? "development" : "production" }, "PBA Cloud ready"),
);

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
