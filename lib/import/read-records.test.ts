import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { TImportLayout } from "./detect-layout";
import { isBlankRecord, readCsvRecords, readPbaRecords, type TRawRecord } from "./read-records";

const QUOTE_PROBLEMS: Record<string, string> = {
  MissingQuotes: 'a quoted field is never closed: a field that starts with " must end with "',
  InvalidQuotes: 'a quoted field has text after its closing quote: write "" for a quote inside a quoted field',
};

type TSeen = Omit<TRawRecord, "end">;

// The reader this one replaced: papaparse over the whole text, every record kept, then the
// blank ones after the header dropped — the behaviour to keep.
function papaRecords(text: string, layout: TImportLayout): TSeen[] {
  const records: TSeen[] = [];
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
        length: Math.max(0, cursor - start - (endsWithBreak ? layout.newline.length : 0)),
        problem: error ? (QUOTE_PROBLEMS[error.code] ?? error.message) : null,
      });
      while (nextBreak !== -1 && nextBreak < cursor) {
        line++;
        nextBreak = text.indexOf(breakChar, nextBreak + 1);
      }
      start = cursor;
    },
  });
  return records.filter((record, i) => i === 0 || !isBlankRecord(record.cells));
}

function csvRecords(text: string, layout: TImportLayout, max = Infinity): TSeen[] {
  const records: TSeen[] = [];
  readCsvRecords(text, layout, ({ end: _end, ...record }) => records.push(record) < max);
  return records;
}

const LAYOUTS: TImportLayout[] = (["\n", "\r\n", "\r"] as const).flatMap((newline) =>
  ([",", ";"] as const).map((delimiter) => ({ format: "csv" as const, delimiter, newline })),
);

describe("readCsvRecords", () => {
  it("reads every text exactly as papaparse did: cells, lines, lengths, quoting problems", () => {
    const piece = fc.constantFrom("a", "bc", " ", "\t", ",", ";", '"', '""', "\n", "\r\n", "\r", "x y");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.constantFrom(...LAYOUTS), (pieces, layout) => {
        const text = pieces.join("");
        expect(csvRecords(text, layout)).toEqual(papaRecords(text, layout));
      }),
      { numRuns: 3_000 },
    );
  });

  it("stops when told and keeps only the first cells of an over-long record", () => {
    const layout = LAYOUTS[0] as TImportLayout;
    expect(csvRecords("h\n1\n\n2\n3\n", layout, 2).map((r) => r.cells)).toEqual([["h"], ["1"]]);
    const [, long] = csvRecords(`h\n${"a,".repeat(10_000)}\n2\n`, layout);
    expect(long).toMatchObject({ line: 2, length: 20_000 });
    expect(long?.cells.length).toBeLessThanOrEqual(2_049);
  });

  it("reads 20 MB of blank lines or one line of 10 million delimiters quickly, without a cell each", () => {
    const layout = LAYOUTS[0] as TImportLayout;
    for (const text of [`h\n${"\n".repeat(20e6)}x\n`, `h\n${",\n".repeat(10e6)}x\n`, `h\n${",".repeat(20e6)}\nx\n`]) {
      const started = performance.now();
      const records = csvRecords(text, layout);
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(records.at(-1)?.cells).toEqual(["x"]);
      expect(records.length).toBeLessThanOrEqual(3);
    }
  });
});

describe("readPbaRecords", () => {
  it("reads lines split at any line break, skipping blank ones", () => {
    const records: TRawRecord[] = [];
    readPbaRecords("1, 2\r\n\n , ,\r3,4\n", (record) => records.push(record) > 0);
    expect(records.map((r) => [r.line, r.cells, r.length])).toEqual([
      [1, ["1", "2"], 4],
      [4, ["3", "4"], 3],
    ]);
  });
});
