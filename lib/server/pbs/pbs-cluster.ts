import "server-only";
import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";
import type { Logger } from "@/lib/server/log";

/** Messages between a PBS worker and the primary (besides prom-client's own). */
type TScrapeRequest = { type: "pbs:scrape"; id: number };
type TScrapeAnswer = { type: "pbs:scraped"; id: number; text?: string; error?: string };

const isScrapeRequest = (m: unknown): m is TScrapeRequest =>
  typeof m === "object" && m !== null && (m as { type?: unknown }).type === "pbs:scrape";
const isScrapeAnswer = (m: unknown): m is TScrapeAnswer =>
  typeof m === "object" && m !== null && (m as { type?: unknown }).type === "pbs:scraped";

/** Milliseconds before a crashed worker is forked again: 250 ms, doubling per crash in a row, at most 30 s. */
export function restartDelayMs(crashesInARow: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, crashesInARow - 1));
}

/** A worker that served this long before it died is not counted as crashing in a row. */
const STABLE_MS = 60_000;

export type TPbsPrimary = { stop: (signal: NodeJS.Signals) => void; done: Promise<number> };

/**
 * The primary process of a clustered PBS (PBS_WORKERS > 1): forks `workers` copies of this
 * entry point (node:cluster; they share the listening port, the primary hands out connections
 * round-robin), each with its own cache, counters and metrics. It
 * - restarts a worker that exits unexpectedly, after restartDelayMs (logged);
 * - gives up (resolves `done` with 1) when a worker exits before any worker ever listened:
 *   a configuration the workers cannot serve with (port taken…) would only loop;
 * - answers the workers' `/metrics` requests with the sum over all workers (prom-client's
 *   AggregatorRegistry asks each worker for its registry);
 * - on `stop(signal)` sends SIGTERM to every worker (each finishes its requests and flushes
 *   its counters), waits for them all and resolves `done` with 0 when every one exited 0.
 *   After `graceMs` (default 30 s) the workers left are killed.
 */
export function startPbsPrimary(options: { workers: number; logger: Logger; graceMs?: number }): TPbsPrimary {
  const { logger } = options;
  const aggregator = new AggregatorRegistry();
  const slots = new Map<Worker, number>();
  const crashes = new Array<number>(options.workers).fill(0);
  let everListened = false;
  let stopping = false;
  let failed = false;
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const fork = (slot: number): void => {
    const started = Date.now();
    const worker = cluster.fork({ PBS_WORKER_SLOT: String(slot) });
    slots.set(worker, slot);
    worker.once("listening", () => {
      everListened = true;
    });
    worker.once("exit", (code, signal) => {
      slots.delete(worker);
      const pid = worker.process.pid;
      if (stopping) {
        if (code !== 0) failed = true;
        if (slots.size === 0) resolveDone(failed ? 1 : 0);
        return;
      }
      if (!everListened) {
        logger.fatal({ workerPid: pid, code, signal }, "pbs worker exited before serving; stopping");
        failed = true;
        stop("SIGTERM");
        if (slots.size === 0) resolveDone(1);
        return;
      }
      crashes[slot] = Date.now() - started >= STABLE_MS ? 1 : crashes[slot]! + 1;
      const delayMs = restartDelayMs(crashes[slot]);
      logger.error({ workerPid: pid, code, signal, slot, restartInMs: delayMs }, "pbs worker exited unexpectedly; restarting it");
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, delayMs);
    });
  };

  cluster.on("message", (worker, message: unknown) => {
    if (!isScrapeRequest(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: "pbs:scraped", id: message.id, text } satisfies TScrapeAnswer),
      (error: unknown) => {
        logger.error({ err: error }, "collecting the workers' metrics failed");
        worker.send({ type: "pbs:scraped", id: message.id, error: String(error) } satisfies TScrapeAnswer);
      },
    );
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: slots.size }, "stopping the pbs workers (each finishes its requests and flushes its counters)");
    if (slots.size === 0) resolveDone(failed ? 1 : 0);
    for (const worker of slots.keys()) worker.process.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of slots.keys()) {
        logger.error({ workerPid: worker.process.pid }, "pbs worker did not stop in time; killing it");
        worker.process.kill("SIGKILL");
      }
    }, options.graceMs ?? 30_000).unref();
  };

  for (let slot = 0; slot < options.workers; slot++) fork(slot);
  return { stop, done };
}

/**
 * In a PBS worker: lets the primary read `registry` (prom-client's cluster protocol) and
 * returns what `/metrics` serves, the primary's sum over every worker.
 */
export function workerMetricsText(registry: Registry, timeoutMs = 10_000): () => Promise<string> {
  // Constructing one installs prom-client's worker-side listener.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  let next = 0;
  process.on("message", (message: unknown) => {
    if (!isScrapeAnswer(message)) return;
    const request = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.text !== undefined) request?.resolve(message.text);
    else request?.reject(new Error(`the primary could not collect the workers' metrics: ${message.error}`));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error("the primary did not answer a metrics request in time"));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (text) => (clearTimeout(timer), resolve(text)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      process.send?.({ type: "pbs:scrape", id } satisfies TScrapeRequest);
    });
}
