import type { TImportError } from "./types";

/** Keeps the first `max` errors and counts them all. */
export type TErrorCollector = { errors: TImportError[]; total: number; push: (error: TImportError) => void };

/** Makes an error collector keeping at most `max` errors. */
export function createErrorCollector(max: number): TErrorCollector {
  const collector: TErrorCollector = {
    errors: [],
    total: 0,
    push: (error) => {
      collector.total++;
      if (collector.errors.length < max) collector.errors.push(error);
    },
  };
  return collector;
}
