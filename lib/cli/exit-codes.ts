/**
 * Exit codes of `pba` (README "Command-line tool"; printed by `pba --help`). A CI job can
 * tell a refused change (1: fix the data) from a broken call (2: fix the script) and from a
 * server it cannot reach or that does not accept the token (3: retry, or fix the secret).
 */
export const EXIT = {
  ok: 0,
  /** The API refused the request: validation errors (import 422, 400), 404, 409, 413. */
  refused: 1,
  /** Bad command line: unknown command or option, missing or malformed argument, unreadable file. */
  usage: 2,
  /** PBA_URL/PBA_TOKEN missing or malformed, server unreachable or answering 5xx, token refused (401, 403). */
  network: 3,
} as const;
export type TExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  the API refused the request (validation errors, not found, conflict, limit)
  2  usage: unknown command or option, bad argument, unreadable file
  3  network or authentication: PBA_URL/PBA_TOKEN missing or malformed, server unreachable
     or failing (5xx), token rejected (401) or lacking the right (403)`;

/** An error `pba` prints as one readable message and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: TExitCode,
    /** The API's error body ({code, message, details}) or other structured facts for --json. */
    readonly info: { code: string; status?: number; details?: unknown } = { code: "cli_error" },
  ) {
    super(message);
  }
}
