import "server-only";
import { AppError, type TFieldError } from "./errors";
import { log } from "@/lib/server/log";

/** What a form's server action returns: success, or a message plus per-field errors. */
export type TActionResult<T = undefined> =
  { ok: true; data: T; message?: string } | { ok: false; error: string; fields: Record<string, string> };

/** Runs a domain call for a server action and turns typed errors into form state. */
export async function runAction<T>(fn: () => Promise<T>, message?: string): Promise<TActionResult<T>> {
  try {
    return { ok: true, data: await fn(), message };
  } catch (error) {
    if (error instanceof AppError) {
      const fields: Record<string, string> = {};
      const details = error.details as { fields?: TFieldError[] } | undefined;
      for (const f of details?.fields ?? []) fields[f.field] ??= f.message;
      return { ok: false, error: error.message, fields };
    }
    log().error({ err: error }, "server action failed");
    return { ok: false, error: "Something went wrong on the server; it has been logged.", fields: {} };
  }
}
