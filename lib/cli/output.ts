import type { Writable } from "node:stream";

/** Where `pba` writes, and what it reads from its environment (a test passes its own). */
export type TCliIo = {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: typeof fetch;
};

/**
 * One command's printing: a human text, or with --json the same facts as one JSON document.
 * `toStderr` is for commands whose stdout carries a file (export, download to stdout).
 */
export class Output {
  constructor(
    private readonly io: TCliIo,
    readonly isJson: boolean,
  ) {}

  result(json: unknown, text: string, options: { toStderr?: boolean } = {}): void {
    const stream = options.toStderr ? this.io.stderr : this.io.stdout;
    stream.write(this.isJson ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
  }

  /** A progress or warning line for people: stderr, never in --json output. */
  note(text: string): void {
    if (!this.isJson) this.io.stderr.write(`${text}\n`);
  }
}
