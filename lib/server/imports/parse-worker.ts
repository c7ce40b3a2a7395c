// Worker thread entry of `parseInWorker` (parse-in-worker.ts). It has no `import "server-only"`:
// it is its own entry point (bundled by Next.js as a worker chunk), not part of the React
// Server Components graph that guard protects, and it only runs the pure `lib/import` code.
import { parentPort, workerData } from "node:worker_threads";
import { parseImport } from "@/lib/import/parse-import";
import type { TParseWorkerInput, TParseWorkerMessage } from "./parse-in-worker";

// Rows go back in batches: each message is copied into the main thread in one piece, and
// small pieces keep that thread free to answer other requests in between.
const BATCH = 2_000;

const { data, options } = workerData as TParseWorkerInput;
const parsed = parseImport(data, options);
const send = (message: TParseWorkerMessage) => parentPort?.postMessage(message);
// The caller refuses a file with errors or cut short, so its rows would only cost copying.
const rows = parsed.totalErrors === 0 && !parsed.stopped ? parsed.rows : [];
for (let i = 0; i < rows.length; i += BATCH) {
  send({ kind: "rows", rows: rows.slice(i, i + BATCH).map(({ raw: _raw, ...row }) => row) });
}
send({ kind: "done", parsed: { ...parsed, rows: [] } });
