import "server-only";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { env } from "@/lib/env";
import { requestContext } from "@/lib/request-context.mjs";

export type { Logger } from "pino";

/** LOG_LEVEL; "info" while the environment is invalid, so that the error itself can be logged. */
function configuredLevel(): string {
  try {
    return env().LOG_LEVEL;
  } catch {
    return "info";
  }
}

/**
 * Options of every logger of this product: one JSON object a line, ISO time, the level as a
 * word, errors under `err` (message, stack, cause), and the id of the request being handled
 * (`reqId`, from lib/request-context.mjs) on every line written inside one.
 */
export function loggerOptions(level: string = configuredLevel()): LoggerOptions {
  return {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const context = requestContext.getStore();
      return context ? { reqId: context.requestId } : {};
    },
  };
}

/** A logger writing to `destination` (tests: a stream that collects the lines). */
export function createLogger(destination?: DestinationStream, level?: string): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}

const holder = globalThis as { __pbaLogger?: Logger };

/**
 * The process's logger (stdout, LOG_LEVEL), created on first use so that importing this
 * module reads no environment. Write `log().error({ err, ...context }, "what failed")`.
 */
export function log(): Logger {
  holder.__pbaLogger ??= createLogger();
  return holder.__pbaLogger;
}

/** A logger that writes nothing (benchmarks, tests that do not read the log). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

/** Replaces the process's logger (tests that read what the app logs); undefined restores stdout. */
export function setLoggerForTests(logger: Logger | undefined): void {
  holder.__pbaLogger = logger;
}
