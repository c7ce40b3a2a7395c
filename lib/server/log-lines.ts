import "server-only";
import { writeSync } from "node:fs";

/** Bytes Linux writes to a pipe in one piece (PIPE_BUF): writers sharing it never interleave. */
export const PIPE_BUF = 4096;

export type TLineBuffer = { write: (line: string) => void; flush: () => void; flushSync: () => void };

const sleep = new Int32Array(new SharedArrayBuffer(4));

/**
 * A pino destination for a busy log (the PBS access log): whole lines are gathered and written
 * to `fd` synchronously in blocks of at most `blockBytes` (one write(2) per ~13 access-log
 * lines), when the next line would not fit and on `flush`. A block of at most PIPE_BUF bytes
 * is written to a pipe in one piece, so processes sharing stdout (PBS workers) never mix
 * their lines; a single longer line is written alone.
 * Why not sonic-boom (pino.destination) with minLength/maxWrite: it measures its whole pending
 * buffer (Buffer.byteLength of a growing string) at every line, which cost ~1 µs a line,
 * as much as building the line (measured, README "Benchmarks"). Lines are counted here
 * by their length in UTF-16 units, exact for ASCII; a block holding other characters may
 * exceed `blockBytes` (still whole lines).
 */
export function createLineBuffer(fd: number, blockBytes = PIPE_BUF): TLineBuffer {
  let parts: string[] = [];
  let length = 0;
  const out = (text: string): void => {
    let buffer: Buffer | null = null;
    let offset = 0;
    for (;;) {
      try {
        const written = buffer ? writeSync(fd, buffer, offset) : writeSync(fd, text);
        const total = buffer ? buffer.length - offset : Buffer.byteLength(text);
        if (written >= total) return;
        // A partial write (not on a pipe block ≤ PIPE_BUF): write the rest.
        buffer ??= Buffer.from(text);
        offset += written;
      } catch (error) {
        // A non-blocking pipe that is full: wait a little for its reader.
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
        Atomics.wait(sleep, 0, 0, 1);
      }
    }
  };
  const flushSync = (): void => {
    if (parts.length === 0) return;
    const text = parts.length === 1 ? parts[0]! : parts.join("");
    parts = [];
    length = 0;
    out(text);
  };
  return {
    write: (line) => {
      if (length + line.length > blockBytes) flushSync();
      parts.push(line);
      length += line.length;
    },
    flush: flushSync,
    flushSync,
  };
}
