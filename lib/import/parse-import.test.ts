import { describe, expect, it } from "vitest";
import { parseImport } from "./parse-import";
import type { TImportError, TParsedImport } from "./types";

const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
const ROW_23 = "23,1,Europe,Redmond,425,5550134,9600,56000,96,MyISP,true,first";
const encode = (text: string) => new TextEncoder().encode(text);

function onlyFileError(parsed: TParsedImport): TImportError {
  expect(parsed.rows).toEqual([]);
  expect(parsed.fileErrors).toHaveLength(1);
  expect(parsed.errors).toEqual(parsed.fileErrors);
  expect(parsed.totalErrors).toBe(1);
  return parsed.fileErrors[0] as TImportError;
}

function errorsOf(text: string): { line: number; column: number; field: string; message: string }[] {
  const parsed = parseImport(text);
  expect(parsed.fileErrors).toEqual([]);
  return parsed.errors;
}

describe("parseImport: CSV", () => {
  it("reads a full row into normalised POP fields", () => {
    const parsed = parseImport(`${HEADER}\r\n${ROW_23}\r\n`);
    expect(parsed.format).toBe("csv");
    expect(parsed.delimiter).toBe(",");
    expect(parsed.errors).toEqual([]);
    expect(parsed.totalErrors).toBe(0);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        action: "upsert",
        popIndex: 23,
        region: "Europe",
        raw: ROW_23.split(","),
        fields: {
          popIndex: 23,
          countryCode: 1,
          name: "Redmond",
          areaCode: "425",
          accessNumber: "5550134",
          minSpeed: 9600,
          maxSpeed: 56000,
          flags: 96,
          dialupEntry: "MyISP",
          inService: true,
          comment: "first",
        },
      },
    ]);
  });

  it("accepts header names in any case, with spaces or underscores, in any order", () => {
    const parsed = parseImport("Access Number;POP_INDEX;country code;IN SERVICE\n5550134;7;44;false\n");
    expect(parsed.delimiter).toBe(";");
    expect(parsed.columns).toEqual(["accessNumber", "popIndex", "countryCode", "inService"]);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]?.fields).toMatchObject({ popIndex: 7, countryCode: 44, accessNumber: "5550134", inService: false });
    expect(parsed.rows[0]?.region).toBeUndefined();
    expect(parsed.rows[0]?.keepFields).toEqual(["name", "areaCode", "minSpeed", "maxSpeed", "flags", "dialupEntry", "comment"]);
  });

  it("detects ';' only when the header has more semicolons than commas", () => {
    const parsed = parseImport('popIndex;countryCode;accessNumber;comment\n1;1;555;"a, b; c"\n');
    expect(parsed.delimiter).toBe(";");
    expect(parsed.rows[0]?.fields?.comment).toBe("a, b; c");
    expect(parseImport("popIndex,countryCode,accessNumber,comment\n1,1,555,a;b\n").rows[0]?.fields?.comment).toBe("a;b");
  });

  it("drops a UTF-8 byte order mark (bytes and string)", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(`${HEADER}\r\n${ROW_23}\r\n`)]);
    const parsed = parseImport(bytes);
    expect(parsed.columns[0]).toBe("popIndex");
    expect(parsed.rows).toHaveLength(1);
    expect(parseImport(`\uFEFF${HEADER}\n${ROW_23}`).rows).toHaveLength(1);
  });

  it("decodes UTF-8 text beyond ASCII (a comment)", () => {
    const parsed = parseImport(encode("popIndex,countryCode,accessNumber,comment\n1,49,555,Grüße aus Köln ✓\n"));
    expect(parsed.rows[0]?.fields?.comment).toBe("Grüße aus Köln ✓");
  });

  it("keeps quoted commas, quotes and line breaks, and later line numbers right", () => {
    const text = [
      "popIndex,countryCode,accessNumber,comment",
      '1,1,555,"a, ""quoted"" comment"',
      '2,1,555,"three',
      "physical",
      'lines"',
      "3,1,555,plain",
      "",
      '4,1,55x,"two',
      'lines"',
      "5,1,55y,after",
    ].join("\r\n");
    const parsed = parseImport(text);
    expect(parsed.rows.map((row) => [row.line, row.popIndex, row.fields?.comment])).toEqual([
      [2, 1, 'a, "quoted" comment'],
      [3, 2, "three\r\nphysical\r\nlines"],
      [6, 3, "plain"],
    ]);
    expect(parsed.errors.map((e) => [e.line, e.column, e.field])).toEqual([
      [8, 3, "accessNumber"],
      [10, 3, "accessNumber"],
    ]);
  });

  it("counts lines the same with LF line ends", () => {
    const parsed = parseImport('popIndex,countryCode,accessNumber,comment\n1,1,555,"a\nb"\n2,1,x,c\n');
    expect(parsed.rows[0]?.fields?.comment).toBe("a\nb");
    expect(parsed.errors.map((e) => e.line)).toEqual([4]);
  });

  it("skips blank lines and lines of delimiters only", () => {
    const parsed = parseImport(`${HEADER}\n\n${ROW_23}\n,,,,,,,,,,,\n   \n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((row) => row.line)).toEqual([3]);
  });

  it("applies a column mapping over the header (rename and ignore)", () => {
    const text = "id,cc,phone number,junk\n9,1,555,whatever\n";
    expect(parseImport(text).fileErrors[0]?.message).toContain('"id" (column 1), "cc" (column 2), "junk" (column 4)');
    const parsed = parseImport(text, { mapping: { 0: "popIndex", 1: "countryCode", 3: null } });
    expect(parsed.fileErrors).toEqual([]);
    expect(parsed.columnMap).toEqual(["popIndex", "countryCode", "accessNumber", null]);
    expect(parsed.rows[0]?.fields).toMatchObject({ popIndex: 9, countryCode: 1, accessNumber: "555" });
  });

  it("keeps at most maxErrors errors but counts all", () => {
    const lines = ["popIndex,countryCode,accessNumber"];
    for (let i = 1; i <= 50; i++) lines.push(`${i},0,555`);
    const parsed = parseImport(lines.join("\n"), { maxErrors: 10 });
    expect(parsed.errors).toHaveLength(10);
    expect(parsed.totalErrors).toBe(50);
    expect(parsed.errors[9]?.line).toBe(11);
    expect(parseImport(lines.join("\n")).errors).toHaveLength(50);
  });
});

describe("parseImport: file-level errors", () => {
  it("refuses invalid UTF-8, naming the byte and its offset", () => {
    const bytes = new Uint8Array([...encode("popIndex,countryCode,accessNumber,comment\n1,1,555,caf"), 0xe9, 0x0a]);
    const error = onlyFileError(parseImport(bytes));
    expect(error).toEqual({
      line: 0,
      column: 0,
      field: "",
      message: "the file is not UTF-8 text: invalid byte 0xE9 at byte offset 53 (line 2); save it as UTF-8 or ASCII",
    });
  });

  it("refuses UTF-16 with either byte order mark", () => {
    expect(onlyFileError(parseImport(new Uint8Array([0xff, 0xfe, 0x70, 0x00]))).message).toBe(
      "the file is UTF-16 text (byte order mark 0xFF 0xFE); save it as UTF-8 or ASCII",
    );
    expect(onlyFileError(parseImport(new Uint8Array([0xfe, 0xff, 0x00, 0x70]))).message).toContain("UTF-16");
  });

  it("refuses binary content", () => {
    expect(onlyFileError(parseImport(new Uint8Array([0x70, 0x6f, 0x00, 0x01]))).message).toBe(
      "the file holds binary data (a NUL byte at byte offset 2), not text; save it as UTF-8 or ASCII",
    );
    expect(onlyFileError(parseImport("popIndex\n1\0")).message).toContain("NUL character at offset 10");
    expect(onlyFileError(parseImport(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]))).message).toContain(".xlsx");
  });

  it("refuses an empty or blank file", () => {
    expect(onlyFileError(parseImport(new Uint8Array())).message).toBe("the file is empty");
    expect(onlyFileError(parseImport("")).message).toBe("the file is empty");
    expect(onlyFileError(parseImport(new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a]))).message).toBe("the file is empty");
  });

  it("refuses a header without data rows", () => {
    expect(onlyFileError(parseImport(`${HEADER}\r\n\r\n`))).toEqual({
      line: 1,
      column: 0,
      field: "",
      message: "the file has a header row but no data rows",
    });
  });

  it("names unknown header names and lists the accepted ones", () => {
    const error = onlyFileError(parseImport("popIndex,countryCode,Telefon,accessNumber\n1,1,x,555\n"));
    expect(error.line).toBe(1);
    expect(error.column).toBe(3);
    expect(error.message).toBe(
      'the header row has an unknown column name: "Telefon" (column 3); accepted names (case-insensitive; spaces and underscores ignored): popIndex, countryCode, region, name, areaCode, accessNumber, minSpeed, maxSpeed, flags, dialupEntry, inService, comment, action',
    );
  });

  it("refuses a column named twice", () => {
    expect(onlyFileError(parseImport("popIndex,countryCode,Country_Code,accessNumber\n1,1,1,555\n"))).toEqual({
      line: 1,
      column: 3,
      field: "countryCode",
      message: "the column countryCode appears twice (columns 2 and 3)",
    });
  });

  it("requires the popIndex column", () => {
    expect(onlyFileError(parseImport("countryCode,accessNumber\n1,555\n"))).toEqual({
      line: 1,
      column: 0,
      field: "popIndex",
      message: "the header row has no popIndex column; it is required",
    });
  });
});

describe("parseImport: row errors", () => {
  const header = "popIndex,countryCode,region,name,accessNumber,minSpeed,maxSpeed,flags,action";

  it("maps each field error to its line and column", () => {
    const text = [
      header,
      "1,1,,Ok,555,,,,",
      "2,0,,Bad,555,,,,",
      "3,1,,Bad,,,,1,",
      "4,1,,Bad,555,9600,1200,,",
      "5,1,Bad,Name,555,,,200,",
      "x,1,,,555,,,,",
      "7,1,A,b,c,d",
    ].join("\n");
    expect(errorsOf(text)).toEqual([
      { line: 3, column: 2, field: "countryCode", message: 'Country code must be a whole number from 1 to 99999 (got "0")' },
      { line: 4, column: 5, field: "accessNumber", message: "Access number is required" },
      {
        line: 4,
        column: 8,
        field: "flags",
        message: "Flags bit 0 (value 1, sign-on POP) must be 0 (got flags 1)",
      },
      { line: 5, column: 7, field: "maxSpeed", message: "Maximum speed (1200) must be at least the minimum speed (9600)" },
      {
        line: 6,
        column: 8,
        field: "flags",
        message: "Flags bit 7 (value 128, reserved) must be 0 (got flags 200)",
      },
      { line: 7, column: 1, field: "popIndex", message: 'POP index must be a whole number from 1 to 2147483647 (got "x")' },
      { line: 8, column: 0, field: "", message: "the row has 6 fields but the header has 9" },
    ]);
  });

  it("validates region names", () => {
    const errors = errorsOf('popIndex,countryCode,accessNumber,region\n1,1,555,"A,B"\n2,1,555,ABCDEFGHIJKLMNOPQRSTUVWXYZ012345\n');
    expect(errors.map((e) => [e.line, e.column, e.field])).toEqual([
      [2, 4, "region"],
      [3, 4, "region"],
    ]);
    expect(errors[0]?.message).toBe('Region name may not contain a comma: "," at position 2 is not allowed');
    expect(errors[1]?.message).toBe("Region name may be at most 31 characters (got 32)");
  });

  it("reads the action column and refuses unknown actions", () => {
    const text = [header, "1,1,,,555,,,,add", "2,1,,,555,,,,EDIT", "3,,,,,,,,delete", "4,1,,,555,,,,", "5,1,,,555,,,,remove"].join("\n");
    const parsed = parseImport(text);
    expect(parsed.rows.map((row) => [row.popIndex, row.action])).toEqual([
      [1, "add"],
      [2, "edit"],
      [3, "delete"],
      [4, "upsert"],
    ]);
    expect(parsed.rows[2]).toMatchObject({ fields: null, region: undefined });
    expect(parsed.errors).toEqual([{ line: 6, column: 9, field: "action", message: "unknown action 'remove': use add, edit or delete" }]);
  });

  it("needs only a valid POP index on a delete row", () => {
    expect(errorsOf(`${header}\n0,,,,,,,,delete\n`)).toEqual([
      { line: 2, column: 1, field: "popIndex", message: 'POP index must be a whole number from 1 to 2147483647 (got "0")' },
    ]);
  });

  it("reports a repeated POP index on the later line, naming the first", () => {
    const text = ["popIndex,countryCode,accessNumber", "23,1,555", "24,1,555", "23,1,556", "24,1,x", "23,1,557"].join("\n");
    const parsed = parseImport(text);
    expect(parsed.rows.map((row) => row.line)).toEqual([2, 3]);
    expect(parsed.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [4, 1, "POP index 23 already appears on line 2"],
      [5, 1, "POP index 24 already appears on line 3"],
      [5, 3, 'Access number may contain only digits, "#", "*", "-" and spaces: "x" at position 1 is not allowed'],
      [6, 1, "POP index 23 already appears on line 2"],
    ]);
  });

  it("refuses lines over 4,096 characters", () => {
    const long = "9".repeat(4_100);
    const errors = errorsOf(`popIndex,countryCode,accessNumber,comment\n1,1,555,${long}\n2,1,555,ok\n`);
    expect(errors).toEqual([{ line: 2, column: 0, field: "", message: "the line is 4,108 characters long; at most 4,096 are allowed" }]);
  });

  it("reports bad quoting on its line", () => {
    const errors = errorsOf('popIndex,countryCode,accessNumber,comment\n1,1,555,"bad"quote\n2,1,555,ok\n');
    expect(errors.map((e) => [e.line, e.column])).toEqual([[2, 0]]);
    expect(errors[0]?.message).toContain('write "" for a quote');
  });

  it("restores formula-neutralised cells: one leading quote before = + - @", () => {
    const parsed = parseImport("popIndex,countryCode,areaCode,accessNumber,name,comment\n1,1,'-42,'-555,'@home,''=x\n");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]?.fields).toMatchObject({ areaCode: "42", accessNumber: "-555", name: "@home", comment: "'=x" });
    expect(parsed.warnings).toEqual([
      {
        line: 2,
        column: 3,
        field: "areaCode",
        message: 'area code "-42" is stored as "42": Connection Manager reads an area code of digits only',
      },
    ]);
    expect(parseImport("popIndex,countryCode,accessNumber,name\n1,1,555,'quoted'\n").rows[0]?.fields?.name).toBe("'quoted'");
  });
});

describe("parseImport: PBA headerless format", () => {
  it("reads .pbk lines with ', ' or ',' separators, keeping region positions", () => {
    const text = "23, 1, 2, Redmond, 425, 5550134, 9600, 56000, 0, 96, MyISP\r\n5,44,0,,,02079460000,,,0,,\r\n";
    const parsed = parseImport(text);
    expect(parsed.format).toBe("pba");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 1,
        action: "upsert",
        popIndex: 23,
        region: undefined,
        regionPos: 2,
        keepFields: ["inService", "comment"],
        raw: ["23", "1", "2", "Redmond", "425", "5550134", "9600", "56000", "0", "96", "MyISP"],
        fields: {
          popIndex: 23,
          countryCode: 1,
          name: "Redmond",
          areaCode: "425",
          accessNumber: "5550134",
          minSpeed: 9600,
          maxSpeed: 56000,
          flags: 96,
          dialupEntry: "MyISP",
          inService: true,
          comment: "",
        },
      },
      expect.objectContaining({ line: 2, popIndex: 5, regionPos: 0 }),
    ]);
  });

  it("accepts lines of 11 commas, normalises area codes and reports both as warnings", () => {
    const text = ["1,1,0,A,206-555,555,,,0,,,", "2, 107, 0, B, 0 30, 555, , , 0, , MyISP, junk", "3,1,0,C,425,555,,,0,,"].join("\r\n");
    const parsed = parseImport(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((row) => [row.popIndex, row.fields?.areaCode, row.fields?.countryCode, row.fields?.dialupEntry])).toEqual([
      [1, "206555", 1, ""],
      [2, "030", 107, "MyISP"],
      [3, "425", 1, ""],
    ]);
    expect(parsed.warnings).toEqual([
      {
        line: 1,
        column: 5,
        field: "areaCode",
        message: 'area code "206-555" is stored as "206555": Connection Manager reads an area code of digits only',
      },
      {
        line: 2,
        column: 5,
        field: "areaCode",
        message: 'area code "0 30" is stored as "030": Connection Manager reads an area code of digits only',
      },
      { line: 2, column: 12, field: "", message: 'the text after the 11th comma ("junk") is ignored, as Connection Manager ignores it' },
    ]);
    expect(parsed.totalWarnings).toBe(3);
    expect(errorsOf("1,1,0,A,,555,,,0,,,,")).toEqual([
      { line: 1, column: 0, field: "", message: "a PBA POP line has 11 fields (10 commas, or 11 with a trailing comma); this one has 13" },
    ]);
  });

  it("marks a country/region that is no TAPI ID for planImport to decide", () => {
    const parsed = parseImport("1,9999,0,A,,555,,,0,,\r\n2,49,0,B,,555,,,0,,\r\n");
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows[0]?.unknownCountry).toEqual({
      line: 1,
      column: 2,
      field: "countryCode",
      message:
        "Country/region 9999 is not a TAPI country/region ID: choose one from the list (for example 1 United States, 107 Canada, 44 United Kingdom, 49 Germany)",
    });
    expect(parsed.rows[1]?.unknownCountry).toBeUndefined();
  });

  it("checks the field count, the reserved 9th field and the region position", () => {
    const text = ["1,1,0,A,,555,,,0,,", "2,1,0,A,,555,,,1,,", "3,1,x,A,,555,,,0,,", "4,1,0,A,,555", "", "5,1,,A,,555,,,0,,"].join("\n");
    expect(errorsOf(text)).toEqual([
      { line: 2, column: 9, field: "", message: 'the 9th field of a PBA POP line is reserved and must be 0 or empty (got "1")' },
      {
        line: 3,
        column: 3,
        field: "region",
        message: 'Region position must be a whole number from 0 to 2147483647 (got "x"); 0 means all regions',
      },
      { line: 4, column: 0, field: "", message: "a PBA POP line has 11 fields (10 commas, or 11 with a trailing comma); this one has 6" },
      { line: 6, column: 3, field: "region", message: "Region position is required (0 for all regions)" },
    ]);
  });

  it("accepts a trailing comma and an empty reserved field, as PBA writes them", () => {
    const parsed = parseImport(["1,1,2,A,425,555,,,0,96,Dial,", "2,1,0,B,,555,,,,,", "3,1,0,C,,555,,, ,0,Dial,"].join("\r\n"));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((row) => [row.popIndex, row.regionPos, row.fields?.flags, row.fields?.dialupEntry])).toEqual([
      [1, 2, 96, "Dial"],
      [2, 0, 0, ""],
      [3, 0, 0, "Dial"],
    ]);
  });

  it("reports field errors in .pbk column numbers", () => {
    expect(errorsOf('1,1,0,Bad"Name,,555,,,0,,Dial\n').map((e) => [e.line, e.column, e.field])).toEqual([[1, 4, "name"]]);
  });
});

describe("parseImport: stopping early", () => {
  const rows = (count: number) => Array.from({ length: count }, (_, i) => `${i + 1},1,555`);

  it("stops at the row after maxRows, blank lines not counted, and says whether the file ends there", () => {
    const exact = parseImport(["popIndex,countryCode,accessNumber", ...rows(5), "", ",,"].join("\n"), { maxRows: 4 });
    expect(exact.stopped).toEqual({ reason: "rows", line: 6, rows: 5, isEndOfFile: true });
    expect(exact.rows).toHaveLength(4);
    const longer = parseImport(["popIndex,countryCode,accessNumber", ...rows(6)].join("\n"), { maxRows: 4 });
    expect(longer.stopped).toEqual({ reason: "rows", line: 6, rows: 5, isEndOfFile: false });
    expect(parseImport(["popIndex,countryCode,accessNumber", ...rows(4)].join("\n"), { maxRows: 4 }).stopped).toBeNull();
    expect(
      parseImport(
        rows(6)
          .map((r) => `${r},,,,,,,,`)
          .join("\r\n"),
        { maxRows: 2 },
      ).stopped,
    ).toMatchObject({ reason: "rows", line: 3 });
  });

  it("with stopAfterMaxErrors, stops at the first error past maxErrors", () => {
    const lines = ["popIndex,countryCode,accessNumber", ...Array.from({ length: 50 }, (_, i) => `${i + 1},0,555`)];
    const parsed = parseImport(lines.join("\n"), { maxErrors: 10, stopAfterMaxErrors: true });
    expect(parsed.errors).toHaveLength(10);
    expect(parsed.totalErrors).toBe(11);
    expect(parsed.stopped).toEqual({ reason: "errors", line: 12, rows: 11, isEndOfFile: false });
    const tenErrors = parseImport(lines.slice(0, 11).join("\n"), { maxErrors: 10, stopAfterMaxErrors: true });
    expect([tenErrors.totalErrors, tenErrors.stopped]).toEqual([10, null]);
  });

  it("refuses a header row over 4,096 characters without mapping its columns", () => {
    const error = onlyFileError(parseImport(`popIndex${",".repeat(5_000)}\n1\n`));
    expect(error).toEqual({ line: 1, column: 0, field: "", message: "the header row is 5,008 characters long; at most 4,096 are allowed" });
  });

  it("bounds the work for hostile 20 MB files: repeated rows, one-field PBA lines, valid rows, blank lines", () => {
    const server = { maxRows: 32_000, maxErrors: 1_000, stopAfterMaxErrors: true };
    const mb20 = 20 * 1024 * 1024;
    const valid = (i: number) => `${i},1,555${i}\n`;
    const files: [string, string, Partial<TParsedImport>][] = [
      [
        "CSV of one repeated POP index",
        `popIndex\n${"1\n".repeat((mb20 - 9) / 2)}`,
        { stopped: { reason: "errors", line: 335, rows: 334, isEndOfFile: false } },
      ],
      ["PBA lines of one field", "1\n".repeat(mb20 / 2), { stopped: { reason: "errors", line: 1_001, rows: 1_001, isEndOfFile: false } }],
      [
        "valid CSV rows",
        `popIndex,countryCode,accessNumber\n${Array.from({ length: 800_000 }, (_, i) => valid(i + 1)).join("")}`,
        { stopped: { reason: "rows", line: 32_002, rows: 32_001, isEndOfFile: false } },
      ],
      ["blank lines", `popIndex,countryCode,accessNumber\n${"\n".repeat(mb20)}1,1,555\n`, { stopped: null, totalErrors: 0 }],
    ];
    for (const [label, text, expected] of files) {
      const started = performance.now();
      const parsed = parseImport(encode(text), server);
      const ms = performance.now() - started;
      expect(parsed, label).toMatchObject(expected);
      expect(parsed.errors.length, label).toBeLessThanOrEqual(1_000);
      expect(ms, `${label}: ${ms.toFixed(0)} ms`).toBeLessThan(3_000);
    }
  });
});
