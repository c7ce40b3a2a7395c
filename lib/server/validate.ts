import "server-only";
import type { z } from "zod";
import { invalidInput, type TFieldError } from "./errors";

/** zod issues as `{field, message}` pairs; the field is the dotted path ("" for the whole value). */
export function zodFieldErrors(error: z.ZodError): TFieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message }));
}

/** Parses `input` with `schema` or throws a 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = "input"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = zodFieldErrors(result.error);
  const first = fields[0];
  const summary = first ? `${first.field ? `${first.field}: ` : ""}${first.message}` : "invalid";
  throw invalidInput(`Invalid ${what}: ${summary}${fields.length > 1 ? ` (and ${fields.length - 1} more)` : ""}`, fields);
}
