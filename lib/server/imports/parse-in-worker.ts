import "server-only";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { TImportRow, TParsedImport, TParseImportOptions } from "@/lib/import/types";
import { AppError } from "@/lib/server/errors";

/** What the parse worker (parse-worker.ts) is given. */
export type TParseWorkerInput = { data: Uint8Array; options: TParseImportOptions };
/** What it sends back: the valid rows in batches (without `raw`; each answered "taken"), then the rest of the result. */
export type TParseWorkerMessage = { kind: "rows"; rows: TImportRow[] } | { kind: "done"; parsed: TParsedImport };

const TIME_LIMIT_MS = 30_000;
const QUEUE_LIMIT_MS = 30_000;
// With reading stopped at the row and error limits, a 20 MB file needs well under 200 MB
// (ARCHITECTURE.md, "Imports"); the cap keeps a bug from taking the process's memory.
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 };
// Parses use whole cores; beyond this many at once in one instance they wait their turn.
const MAX_RUNNING = Math.max(1, availableParallelism());

let running = 0;
const waiting: (() => void)[] = [];

function takeTurn(): Promise<() => void> {
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  if (running < MAX_RUNNING) {
    running++;
    return Promise.resolve(release);
  }
  return new Promise((resolve, reject) => {
    const start = () => {
      clearTimeout(timer);
      running++;
      resolve(release);
    };
    const timer = setTimeout(() => {
      waiting.splice(waiting.indexOf(start), 1);
      reject(new AppError("unavailable", "The server is busy checking other imports; nothing was imported. Try again in a moment."));
    }, QUEUE_LIMIT_MS);
    waiting.push(start);
  });
}

// Bundled by Next.js (Turbopack turns this `new Worker(new URL(…))` into a compiled worker
// chunk), the entry is JavaScript. Run from the TypeScript sources (vitest, tsx scripts),
// Node 20 refuses a .ts entry, so the worker then loads it through tsx's require hook.
let isFromSources = false;

function startWorker(workerData: TParseWorkerInput): Worker {
  const options: WorkerOptions = { workerData, resourceLimits: RESOURCE_LIMITS };
  if (!isFromSources) return new Worker(new URL("./parse-worker.ts", import.meta.url), options);
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "parse-worker.ts");
  const boot = `require(require.resolve("tsx/cjs/api", { paths: [process.cwd()] })).register(); require(${JSON.stringify(entry)});`;
  const FromSources = Worker;
  return new FromSources(boot, { ...options, eval: true, execArgv: [] });
}

function runWorker(input: TParseWorkerInput): Promise<TParsedImport> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(input);
    const rows: TImportRow[] = [];
    let isSettled = false;
    const settle = (done: () => void) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      void worker.terminate();
      done();
    };
    const timer = setTimeout(() => {
      const message = `Checking this file took more than ${TIME_LIMIT_MS / 1000} s; nothing was imported. Split it into smaller files.`;
      settle(() => reject(new AppError("too_large", message)));
    }, TIME_LIMIT_MS);
    worker.on("message", (message: TParseWorkerMessage) => {
      if (message.kind === "done") return settle(() => resolve({ ...message.parsed, rows }));
      for (const row of message.rows) rows.push(row);
      setImmediate(() => worker.postMessage("taken"));
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_UNKNOWN_FILE_EXTENSION" && !isFromSources) {
        isFromSources = true;
        return settle(() => void runWorker(input).then(resolve, reject));
      }
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        const message = "Checking this file needs more memory than an import may use; nothing was imported. Split it into smaller files.";
        return settle(() => reject(new AppError("too_large", message)));
      }
      settle(() => reject(error));
    });
    worker.on("exit", (code) => settle(() => reject(new Error(`the import parse worker exited (code ${code}) without an answer`))));
  });
}

/**
 * `parseImport` in a worker thread, so that no file — however large or hostile — blocks the
 * event loop that answers every other request. `rows` come back only for a file without
 * errors that was read to its end (the caller refuses any other). At most one parse per
 * core runs at once in this process; a parse over 30 s, or over its memory cap, is stopped
 * and answers 413.
 */
export async function parseInWorker(data: Uint8Array, options: TParseImportOptions): Promise<TParsedImport> {
  const release = await takeTurn();
  try {
    return await runWorker({ data, options });
  } finally {
    release();
  }
}
