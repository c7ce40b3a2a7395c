// Worker thread entry of `parseInWorker` (parse-in-worker.ts). It has no `import "server-only"`:
// it is its own entry point (bundled by Next.js as a worker chunk), not part of the React
// Server Components graph that guard protects, and it only runs the pure `lib/import` code.
import { parentPort } from "node:worker_threads";
import { parseImport } from "@/lib/import/parse-import";
import type { TImportRow, TParsedImport } from "@/lib/import/types";
import type { TParseWorkerMessage, TParseWorkerRequest } from "./parse-in-worker";

// Rows go back in batches, the next one only once the main thread has taken the last one
// and yielded: it copies each message in one piece, and queued messages would all be
// copied in one go (about 150 ms for 32,000 rows) while other requests wait.
const BATCH = 2_000;

const port = parentPort;
if (!port) throw new Error("parse-worker.ts runs only as a worker thread");
const send = (message: TParseWorkerMessage) => port.postMessage(message);

let parsed: TParsedImport | null = null;
let rows: TImportRow[] = [];
let next = 0;

function sendNext(): void {
  if (!parsed) return;
  if (next < rows.length) {
    send({ kind: "rows", rows: rows.slice(next, next + BATCH).map(({ raw: _raw, ...row }) => row) });
    next += BATCH;
    return;
  }
  send({ kind: "done", parsed: { ...parsed, rows: [] } });
  [parsed, rows, next] = [null, [], 0];
}

port.on("message", (request: TParseWorkerRequest) => {
  if (request.kind === "parse") {
    parsed = parseImport(request.data, request.options);
    // The caller refuses a file with errors or cut short, so its rows would only cost copying.
    rows = parsed.totalErrors === 0 && !parsed.stopped ? parsed.rows : [];
    next = 0;
  }
  sendNext();
});
