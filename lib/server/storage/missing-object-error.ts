import "server-only";
import { AppError } from "@/lib/server/errors";
import { log } from "@/lib/server/log";

/** What a client is told when a recorded object is gone: no key, no adapter. */
export const MISSING_OBJECT_MESSAGE = "A published file is missing from storage; it has been logged.";

/**
 * The 500 for an object the database records but storage does not hold. The key (which
 * names the organisation and the storage layout) and the adapter go to the server log with
 * `context`; the client's message names neither.
 */
export function missingObjectError(key: string, storageName: string, context: string): AppError {
  log().error({ key, storage: storageName, context }, "object missing from storage");
  return new AppError("internal", MISSING_OBJECT_MESSAGE);
}
