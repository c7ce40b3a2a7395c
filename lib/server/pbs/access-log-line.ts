import "server-only";
import pino from "pino";
import type { Logger } from "@/lib/server/log";

export type TAccessRecord = { reqId: string; method: string; path: string; status: number; bytes: number; ms: number };

type TStream = { write: (line: string) => unknown };
type TPinoInternals = { [pino.symbols.streamSym]?: TStream; [pino.symbols.chindingsSym]?: string };

/**
 * Writes the PBS access-log line of one request to `logger`'s destination: the same JSON line
 * `logger.info({ reqId, method, path, status, bytes, ms }, "request")` writes with the options
 * of lib/server/log.ts (level as a word, ISO time, the logger's bindings such as `pid`), built
 * by hand. pino's generic path (mixin, level formatter, serialisation of an object, a fresh
 * ISO time) cost about a third of a cached no-update answer's CPU time (profiled, README
 * "Benchmarks"). The time string is reused within a millisecond. `reqId` is well-formed
 * (lib/request-context.mjs: no quotes or backslashes) and `method` an HTTP token, so only
 * the path needs escaping.
 * Returns null when the logger drops info lines.
 */
export function accessLogWriter(logger: Logger): ((record: TAccessRecord) => void) | null {
  if (!logger.isLevelEnabled("info")) return null;
  const internals = logger as unknown as TPinoInternals;
  const stream = internals[pino.symbols.streamSym];
  const bindings = internals[pino.symbols.chindingsSym];
  // Not a plain pino logger (no stream or bindings to reuse): let pino write it.
  if (!stream || typeof bindings !== "string") return (r) => logger.info(r, "request");
  let lastMs = -1;
  let head = "";
  return (r) => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      head = `{"level":"info","time":"${new Date(now).toISOString()}"${bindings}`;
    }
    stream.write(
      `${head},"reqId":"${r.reqId}","method":"${r.method}","path":${JSON.stringify(r.path)},"status":${r.status},"bytes":${r.bytes},"ms":${r.ms},"msg":"request"}\n`,
    );
  };
}
