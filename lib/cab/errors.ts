/**
 * CabError: the single error type thrown by the cabinet writer and reader.
 *
 * Every failure carries a stable machine-readable `code` (tests and callers
 * switch on it) and a human-readable message that names the offending file
 * and the limit that was exceeded.
 */

export type CabErrorCode =
  // writer input validation
  | "NO_FILES"
  | "TOO_MANY_FILES"
  | "EMPTY_NAME"
  | "NAME_TOO_LONG"
  | "INVALID_NAME"
  | "DUPLICATE_NAME"
  | "TOO_LARGE"
  | "INVALID_DATE"
  | "INVALID_ATTRIBUTES"
  | "INVALID_OPTION"
  // reader
  | "NOT_A_CABINET"
  | "TRUNCATED"
  | "UNSUPPORTED"
  | "CHECKSUM_MISMATCH"
  | "CORRUPT_DATA";

export class CabError extends Error {
  readonly code: CabErrorCode;

  constructor(code: CabErrorCode, message: string) {
    super(message);
    this.name = "CabError";
    this.code = code;
  }
}

export function isCabError(e: unknown): e is CabError {
  return e instanceof CabError;
}
