import { describe, expect, it } from "vitest";
import { PbkFormatError } from "./pbk-format-error";
import { scanIsDelete, scanLine, scanPbk, scanToMap } from "./pbk-scan";

describe("scanPbk", () => {
  it("records index and offsets per line, CRLF or LF, blank lines skipped", () => {
    const scan = scanPbk("3,1,0,,,1,,,0,0,\r\n\r\n10,0,0,,,,,,,,\n12,1");
    expect(scan.indexes).toEqual([3, 10, 12]);
    expect([0, 1, 2].map((k) => scanLine(scan, k))).toEqual(["3,1,0,,,1,,,0,0,", "10,0,0,,,,,,,,", "12,1"]);
    expect(scan.isSorted).toBe(true);
    expect([0, 1, 2].map((k) => scanIsDelete(scan, k))).toEqual([false, true, false]);
  });

  it("reads lines of 10 or 11 commas alike (a trailing comma)", () => {
    const scan = scanPbk("3,1,0,,,1,,,0,0,,\r\n10,0,0,,,,,,,,,\r\n11,0,0,,,,,,,,\r\n");
    expect(scan.indexes).toEqual([3, 10, 11]);
    expect(scanLine(scan, 0)).toBe("3,1,0,,,1,,,0,0,,");
    expect([0, 1, 2].map((k) => scanIsDelete(scan, k))).toEqual([false, true, true]);
  });

  it("flags unsorted or duplicate indexes", () => {
    expect(scanPbk("2,1\r\n1,1\r\n").isSorted).toBe(false);
    expect(scanPbk("2,1\r\n2,1\r\n").isSorted).toBe(false);
    expect(() => scanToMap(scanPbk("2,1\r\n2,1\r\n"), "file")).toThrow("POP index 2 appears twice in the file");
  });

  it("throws a PbkFormatError for a line without an index", () => {
    expect(() => scanPbk("0,1\r\n")).toThrow(PbkFormatError);
    expect(() => scanPbk("-1,1\r\n")).toThrow('Line "-1,1" does not start with a POP index');
  });
});

describe("PbkFormatError", () => {
  it("prefixes the POP index when given", () => {
    const error = new PbkFormatError("bad", 7);
    expect(error.message).toBe("POP 7: bad");
    expect(error.popIndex).toBe(7);
    expect(error.name).toBe("PbkFormatError");
    expect(new PbkFormatError("plain").message).toBe("plain");
  });
});
