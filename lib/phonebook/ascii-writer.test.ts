import { describe, expect, it } from "vitest";
import { AsciiWriter } from "./ascii-writer";

describe("AsciiWriter", () => {
  it("writes integers up to 2^32-1 and beyond, including 0", () => {
    const out = new AsciiWriter(1);
    out.reserve(200);
    for (const n of [0, 7, 10, 96, 2147483647, 4294967295, 9007199254740991]) {
      out.uint(n);
      out.byte(0x20);
    }
    expect(out.toString()).toBe("0 7 10 96 2147483647 4294967295 9007199254740991 ");
  });

  it("grows past its initial size and returns exact bytes", () => {
    const out = new AsciiWriter(4);
    for (let i = 0; i < 1000; i++) {
      out.reserve(5);
      expect(out.field("abc")).toBe(true);
      out.crlf();
    }
    const bytes = out.toBytes();
    expect(bytes.length).toBe(5000);
    expect([...bytes.slice(0, 5)]).toEqual([0x61, 0x62, 0x63, 0x0d, 0x0a]);
  });

  it("refuses commas, control and non-ASCII characters in a field", () => {
    expect(new AsciiWriter().field("a,b")).toBe(false);
    expect(new AsciiWriter().field("a\tb")).toBe(false);
    expect(new AsciiWriter().field("é")).toBe(false);
    expect(new AsciiWriter().field("~ !")).toBe(true);
  });
});
