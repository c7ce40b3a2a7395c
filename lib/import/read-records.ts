import type { TImportLayout } from "./detect-layout";

/** Longest record accepted, in characters. */
export const MAX_LINE_LENGTH = 4_096;

/** One record (row) of the file, before validation. */
export type TRawRecord = {
  /** 1-based physical line where the record starts. */
  line: number;
  /** The cells; cut short when the record is longer than `MAX_LINE_LENGTH` (an error anyway). */
  cells: string[];
  /** Characters of the record, line break excluded. */
  length: number;
  /** Offset just past the record and its line break. */
  end: number;
  /** A syntax problem (bad quoting), or null. */
  problem: string | null;
};

/** Receives one record; `false` stops the reading. */
export type TOnRecord = (record: TRawRecord) => boolean;

const QUOTE_PROBLEMS = {
  missing: 'a quoted field is never closed: a field that starts with " must end with "',
  invalid: 'a quoted field has text after its closing quote: write "" for a quote inside a quoted field',
};

/** True when every cell is blank (an empty line, or a line of delimiters only). */
export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

// Finds, for non-decreasing `from`, the next character that is neither white space nor the
// delimiter: cells made of such characters only are blank.
function contentFinder(text: string, delimiter: string): (from: number) => number {
  const pattern = new RegExp(`[^\\s${delimiter}]`, "g");
  let next = Number.NEGATIVE_INFINITY;
  return (from) => {
    if (next !== -1 && next < from) {
      pattern.lastIndex = from;
      next = pattern.exec(text)?.index ?? -1;
    }
    return next;
  };
}

/** True when only blank lines (white space and delimiters) follow `offset`. */
export function isBlankFrom(text: string, offset: number, delimiter: string): boolean {
  return contentFinder(text, delimiter)(offset) === -1;
}

// White space as `String.prototype.trim` and papaparse see it.
function isWhiteSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0xa0 && /\s/.test(String.fromCharCode(code)));
}

// `text.indexOf(needle, from)` for non-decreasing `from`, never searching a stretch twice.
function nextFinder(text: string, needle: string): (from: number) => number {
  let next = text.indexOf(needle);
  return (from) => {
    if (next !== -1 && next < from) next = text.indexOf(needle, from);
    return next;
  };
}

/**
 * Reads CSV records one at a time, with papaparse's rules: a field is quoted only when it
 * starts with `"` (`""` inside is a quote); white space may follow the closing quote; a
 * closing quote followed by other text is an error and the field runs on to the next valid
 * closing quote; an unclosed quote runs to the end of the file. Calls `onRecord` for the
 * first record (the header) and for every non-blank record after it, in order, until it
 * returns false. Blank lines cost no allocation and a record longer than `MAX_LINE_LENGTH`
 * keeps only its first cells, so no file makes the reader build millions of strings.
 */
export function readCsvRecords(text: string, layout: TImportLayout, onRecord: TOnRecord): void {
  const { delimiter, newline } = layout;
  const length = text.length;
  const nextDelimiter = nextFinder(text, delimiter);
  const nextNewline = nextFinder(text, newline);
  const nextQuote = nextFinder(text, '"');
  const nextContent = contentFinder(text, delimiter);
  const nextBreak = nextFinder(text, newline === "\r" ? "\r" : "\n");
  const nextQuotedField = nextFinder(text, `${delimiter}"`);
  if (length === 0) return;
  // Physical lines: 1 + the line breaks before `pos` (a break inside a quoted field counts).
  let line = 1;
  let countedTo = 0;
  const lineAt = (pos: number): number => {
    for (let i = nextBreak(countedTo); i !== -1 && i < pos; i = nextBreak(i + 1)) line++;
    countedTo = pos;
    return line;
  };

  for (let pos = 0; ;) {
    const start = pos;
    const startLine = lineAt(start);
    if (start > 0) {
      // Only white space and delimiters before the next content: skip those blank lines at once.
      const content = nextContent(start);
      if (content === -1) return;
      const lastBreak = text.lastIndexOf(newline, content - newline.length);
      if (lastBreak >= start) {
        pos = lastBreak + newline.length;
        continue;
      }
    }

    const cells: string[] = [];
    const keep = (from: number, to: number, isQuoted: boolean) => {
      if (to - start > MAX_LINE_LENGTH) return;
      const value = text.slice(from, to);
      cells.push(isQuoted ? value.replaceAll('""', '"') : value);
    };
    let problem: string | null = null;
    let recordEnd = -1;
    while (recordEnd === -1) {
      if (text.charCodeAt(pos) !== 0x22) {
        if (pos - start > MAX_LINE_LENGTH) {
          // No cell is kept past the limit: go straight to the next quoted field or the record's end.
          const n = nextNewline(pos);
          const quoted = nextQuotedField(pos);
          if (quoted !== -1 && (n === -1 || quoted < n)) {
            pos = quoted + delimiter.length;
            continue;
          }
          recordEnd = n === -1 ? length : n;
          pos = n === -1 ? length : n + newline.length;
          continue;
        }
        const d = nextDelimiter(pos);
        const n = nextNewline(pos);
        if (d !== -1 && (n === -1 || d < n)) {
          keep(pos, d, false);
          pos = d + delimiter.length;
        } else {
          recordEnd = n === -1 ? length : n;
          keep(pos, recordEnd, false);
          pos = n === -1 ? length : n + newline.length;
        }
        continue;
      }
      const valueStart = pos + 1;
      for (let q = valueStart; ;) {
        q = nextQuote(q);
        if (q === -1 || q === length - 1) {
          if (q === -1) problem ??= QUOTE_PROBLEMS.missing;
          keep(valueStart, q === -1 ? length : q, q !== -1);
          recordEnd = pos = length;
          break;
        }
        if (text.charCodeAt(q + 1) === 0x22) {
          q += 2;
          continue;
        }
        // White space between the closing quote and the nearest delimiter or line break is allowed.
        let spaceEnd = q + 1;
        while (spaceEnd < length && isWhiteSpace(text.charCodeAt(spaceEnd))) spaceEnd++;
        const d = nextDelimiter(q + 1);
        const n = nextNewline(q + 1);
        const nearest = n === -1 ? d : Math.min(d, n);
        const atDelimiter = nearest !== -1 && spaceEnd >= nearest ? nearest : q + 1;
        if (text.startsWith(delimiter, atDelimiter)) {
          keep(valueStart, q, true);
          pos = atDelimiter + delimiter.length;
          break;
        }
        const atNewline = n !== -1 && spaceEnd >= n ? n : q + 1;
        if (text.startsWith(newline, atNewline)) {
          keep(valueStart, q, true);
          recordEnd = atNewline;
          pos = atNewline + newline.length;
          break;
        }
        problem ??= QUOTE_PROBLEMS.invalid;
        q++;
      }
    }

    // As papaparse counts: a record running to the end of the file leaves out a final line break.
    const trailingBreak = recordEnd === length && text.endsWith(newline) ? newline.length : 0;
    const size = Math.max(0, recordEnd - start - trailingBreak);
    const content = nextContent(start);
    const isBlank = size > MAX_LINE_LENGTH ? content === -1 || content >= recordEnd : isBlankRecord(cells);
    if (start === 0 || !isBlank) {
      if (!onRecord({ line: startLine, cells, length: size, end: pos, problem })) return;
    }
    if (pos >= length) return;
  }
}

/**
 * Reads PBA's POP input format: one POP per line, fields separated by "," or ", ", no
 * quoting; fields are trimmed. Calls `onRecord` for every non-blank line until it returns
 * false; a line longer than `MAX_LINE_LENGTH` is not split.
 */
export function readPbaRecords(text: string, onRecord: TOnRecord): void {
  const lineBreak = /\r\n|\n|\r/g;
  const nextContent = contentFinder(text, ",");
  let line = 1;
  for (let pos = 0; ;) {
    const content = nextContent(pos);
    if (content === -1) return;
    // Skip the blank lines before the next content at once.
    let lineStart = content;
    while (lineStart > pos && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
    if (lineStart > pos) {
      line += countLineBreaks(text, pos, lineStart);
      pos = lineStart;
    }
    lineBreak.lastIndex = pos;
    const found = lineBreak.exec(text);
    const lineEnd = found ? found.index : text.length;
    const size = lineEnd - pos;
    const cells =
      size > MAX_LINE_LENGTH
        ? []
        : text
            .slice(pos, lineEnd)
            .split(",")
            .map((cell) => cell.trim());
    const end = found ? lineEnd + found[0].length : text.length;
    if (!onRecord({ line, cells, length: size, end, problem: null })) return;
    if (!found) return;
    pos = end;
    line++;
  }
}

const isLineBreak = (code: number): boolean => code === 0x0a || code === 0x0d;

// Line breaks (CRLF, LF or CR) in text[from, to), where `to` starts a line.
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) count++;
  }
  return count;
}
