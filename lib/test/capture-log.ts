import { createLogger, setLoggerForTests, type Logger } from "@/lib/server/log";

/** A logger whose lines are kept (raw, as written) for assertions; `records()` parses each as JSON. */
export function captureLog(level = "debug"): { logger: Logger; lines: string[]; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const logger = createLogger({ write: (chunk: string) => void lines.push(...chunk.split("\n").filter((l) => l !== "")) }, level);
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** Makes the process's logger a capturing one until `restore()` (tests of what the app logs). */
export function spyLog(level = "debug") {
  const capture = captureLog(level);
  setLoggerForTests(capture.logger);
  return { ...capture, text: () => capture.lines.join("\n"), restore: () => setLoggerForTests(undefined) };
}
