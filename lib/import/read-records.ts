import Papa from "papaparse";
import type { TImportLayout } from "./detect-layout";

/** One record (row) of the file, before validation. */
export type TRawRecord = {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
  /** Characters of the record, line break excluded. */
  length: number;
  /** A syntax problem (bad quoting), or null. */
  problem: string | null;
};

const QUOTE_PROBLEMS: Record<string, string> = {
  MissingQuotes: 'a quoted field is never closed: a field that starts with " must end with "',
  InvalidQuotes: 'a quoted field has text after its closing quote: write "" for a quote inside a quoted field',
};

/** True when every cell is blank (an empty line, or a line of delimiters only). */
export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

/**
 * Reads CSV records with papaparse (quoted fields may span lines) and tracks the physical
 * line where each starts, counting the line breaks papaparse consumed up to its cursor.
 */
export function readCsvRecords(text: string, layout: TImportLayout): TRawRecord[] {
  const records: TRawRecord[] = [];
  const breakChar = layout.newline === "\r" ? "\r" : "\n";
  let start = 0;
  let line = 1;
  let nextBreak = text.indexOf(breakChar);
  Papa.parse<string[]>(text, {
    delimiter: layout.delimiter,
    newline: layout.newline,
    quoteChar: '"',
    escapeChar: '"',
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    step: (result) => {
      const cursor = result.meta.cursor;
      const endsWithBreak = cursor >= layout.newline.length && text.startsWith(layout.newline, cursor - layout.newline.length);
      const error = result.errors[0];
      records.push({
        line,
        cells: result.data,
        length: cursor - start - (endsWithBreak ? layout.newline.length : 0),
        problem: error ? (QUOTE_PROBLEMS[error.code] ?? error.message) : null,
      });
      while (nextBreak !== -1 && nextBreak < cursor) {
        line++;
        nextBreak = text.indexOf(breakChar, nextBreak + 1);
      }
      start = cursor;
    },
  });
  return records;
}

/**
 * Reads PBA's POP input format: one POP per line, fields separated by "," or ", ", no
 * quoting; fields are trimmed.
 */
export function readPbaRecords(text: string): TRawRecord[] {
  const records: TRawRecord[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((content, i) => {
    records.push({ line: i + 1, cells: content.split(",").map((cell) => cell.trim()), length: content.length, problem: null });
  });
  return records;
}
