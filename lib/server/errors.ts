import "server-only";

export type TErrorCode =
  | "bad_request"
  | "invalid_input"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "validation_failed"
  | "unavailable"
  | "internal";

const STATUS: Record<TErrorCode, number> = {
  bad_request: 400,
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  validation_failed: 422,
  unavailable: 503,
  internal: 500,
};

/** A typed, user-facing error; mapped once to HTTP by `withApi` and to form state by actions. */
export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details: unknown;

  constructor(code: TErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export type TFieldError = { field: string; message: string };

/** A 400 whose details list the offending fields (bad form or API body). */
export function invalidInput(message: string, fields: TFieldError[]): AppError {
  return new AppError("invalid_input", message, { fields });
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

/**
 * True for errors that mean the database connection was lost or refused (restart,
 * failover, pg_terminate_backend, network): nothing of the failed statement committed.
 */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (typeof e.code === "string" && ["P1001", "P1002", "P1017", "ECONNRESET", "ECONNREFUSED", "57P01", "57P02", "57P03"].includes(e.code))
    return true;
  const text = typeof e.message === "string" ? e.message : "";
  if (
    /57P0[123]|terminating connection|Connection terminated|ECONNRESET|ECONNREFUSED|server closed the connection|Can't reach database/i.test(
      text,
    )
  )
    return true;
  return e.cause !== undefined && e.cause !== error && isConnectionError(e.cause);
}
