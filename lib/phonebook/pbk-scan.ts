import { PbkFormatError } from "./pbk-format-error";

/**
 * Line table of a .pbk/.pbd text without splitting it into strings: for each non-blank line
 * its POP index and [start, end) offsets (line end excluded). CRLF and LF are both accepted.
 */
export type TPbkScan = {
  text: string;
  indexes: number[];
  starts: number[];
  ends: number[];
  /** True when the indexes are strictly increasing (sorted, no duplicate). */
  isSorted: boolean;
};

function badIndex(text: string, start: number, end: number): PbkFormatError {
  return new PbkFormatError(`Line "${text.slice(start, Math.min(end, start + 80))}" does not start with a POP index`);
}

/** Scans a text into its line table. Throws {@link PbkFormatError} on a line without a POP index. */
export function scanPbk(text: string): TPbkScan {
  const indexes: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let isSorted = true;
  let previous = 0;
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    let next = text.indexOf("\n", pos);
    if (next === -1) next = length;
    const end = next > pos && text.charCodeAt(next - 1) === 0x0d ? next - 1 : next;
    if (end > pos) {
      let index = 0;
      let i = pos;
      for (; i < end; i++) {
        const code = text.charCodeAt(i);
        if (code === 0x2c) break;
        if (code < 0x30 || code > 0x39) throw badIndex(text, pos, end);
        index = index * 10 + (code - 0x30);
      }
      if (i === pos || index < 1) throw badIndex(text, pos, end);
      if (index <= previous) isSorted = false;
      previous = index;
      indexes.push(index);
      starts.push(pos);
      ends.push(end);
    }
    pos = next + 1;
  }
  return { text, indexes, starts, ends, isSorted };
}

/** The k-th line of a scan, without its line end. */
export function scanLine(scan: TPbkScan, k: number): string {
  return scan.text.slice(scan.starts[k], scan.ends[k]);
}

/** The lines of a scan by POP index. Throws {@link PbkFormatError} on a duplicate index. */
export function scanToMap(scan: TPbkScan, what: string): Map<number, string> {
  const byIndex = new Map<number, string>();
  for (let k = 0; k < scan.indexes.length; k++) {
    const index = scan.indexes[k] as number;
    if (byIndex.has(index)) throw new PbkFormatError(`POP index ${index} appears twice in the ${what}`);
    byIndex.set(index, scanLine(scan, k));
  }
  return byIndex;
}

/** True when line k of the scan is a .pbd delete marker (country code 0). */
export function scanIsDelete(scan: TPbkScan, k: number): boolean {
  const text = scan.text;
  const comma = text.indexOf(",", scan.starts[k]);
  const end = scan.ends[k] as number;
  return comma !== -1 && comma + 2 < end && text.charCodeAt(comma + 1) === 0x30 && text.charCodeAt(comma + 2) === 0x2c;
}
