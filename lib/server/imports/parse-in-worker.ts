import "server-only";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { TImportRow, TParsedImport, TParseImportOptions } from "@/lib/import/types";
import { AppError } from "@/lib/server/errors";

/** What the parse worker (parse-worker.ts) is asked: parse a file, or send the next batch of rows. */
export type TParseWorkerRequest = { kind: "parse"; data: Uint8Array; options: TParseImportOptions } | { kind: "taken" };
/** What it answers: the valid rows in batches (without `raw`; each answered "taken"), then the rest of the result. */
export type TParseWorkerMessage = { kind: "rows"; rows: TImportRow[] } | { kind: "done"; parsed: TParsedImport };

const TIME_LIMIT_MS = 30_000;
const QUEUE_LIMIT_MS = 30_000;
const IDLE_MS = 60_000;
// With reading stopped at the row and error limits, a 20 MB file needs about 100 MB; the
// cap keeps a bug from taking the process's memory.
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
const startedFromSources = new WeakSet<Worker>();

function startWorker(): Worker {
  const options: WorkerOptions = { resourceLimits: RESOURCE_LIMITS };
  let worker: Worker;
  if (!isFromSources) worker = new Worker(new URL("./parse-worker.ts", import.meta.url), options);
  else {
    const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "parse-worker.ts");
    const boot = `require(require.resolve("tsx/cjs/api", { paths: [process.cwd()] })).register(); require(${JSON.stringify(entry)});`;
    const FromSources = Worker;
    worker = new FromSources(boot, { ...options, eval: true, execArgv: [] });
    startedFromSources.add(worker);
  }
  // A parse handles its worker's errors; this keeps an idle worker's from crashing the process.
  worker.on("error", () => undefined);
  worker.on("exit", () => dropIdle(worker));
  return worker;
}

// Workers that finished a parse wait for the next one (starting one costs ~0.1 s bundled,
// ~0.5 s from the sources); they do not keep the process alive and end after a minute.
const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];

function dropIdle(worker: Worker): boolean {
  const i = idle.findIndex((entry) => entry.worker === worker);
  if (i === -1) return false;
  clearTimeout(idle[i]?.timer);
  idle.splice(i, 1);
  return true;
}

function keepIdle(worker: Worker): void {
  if (idle.length >= MAX_RUNNING) return void worker.terminate();
  worker.unref();
  const timer = setTimeout(() => {
    if (dropIdle(worker)) void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle.push({ worker, timer });
}

function takeWorker(): Worker {
  const worker = idle.at(-1)?.worker;
  if (!worker) return startWorker();
  dropIdle(worker);
  worker.ref();
  return worker;
}

function parseOn(worker: Worker, data: Uint8Array, options: TParseImportOptions): Promise<TParsedImport> {
  return new Promise((resolve, reject) => {
    const rows: TImportRow[] = [];
    let isActive = true;
    // A worker stopped for time or memory, or that failed, is never used again.
    const finish = (isReusable: boolean, done: () => void) => {
      if (!isActive) return;
      isActive = false;
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (isReusable) keepIdle(worker);
      else void worker.terminate();
      done();
    };
    const timer = setTimeout(() => {
      const message = `Checking this file took more than ${TIME_LIMIT_MS / 1000} s; nothing was imported. Split it into smaller files.`;
      finish(false, () => reject(new AppError("too_large", message)));
    }, TIME_LIMIT_MS);
    const ask = (request: TParseWorkerRequest) => worker.postMessage(request);
    const onMessage = (message: TParseWorkerMessage) => {
      if (message.kind === "done") return finish(true, () => resolve({ ...message.parsed, rows }));
      for (const row of message.rows) rows.push(row);
      setImmediate(() => isActive && ask({ kind: "taken" }));
    };
    const onError = (error: Error & { code?: string }) => {
      // Also for parses that started before the first of them found out.
      if (error.code === "ERR_UNKNOWN_FILE_EXTENSION" && !startedFromSources.has(worker)) {
        isFromSources = true;
        return finish(false, () => void parseOn(startWorker(), data, options).then(resolve, reject));
      }
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        const message = "Checking this file needs more memory than an import may use; nothing was imported. Split it into smaller files.";
        return finish(false, () => reject(new AppError("too_large", message)));
      }
      finish(false, () => reject(error));
    };
    const onExit = (code: number) =>
      finish(false, () => reject(new Error(`the import parse worker exited (code ${code}) without an answer`)));
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    ask({ kind: "parse", data, options });
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
    return await parseOn(takeWorker(), data, options);
  } finally {
    release();
  }
}
