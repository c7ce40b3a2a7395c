import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeImportText, findInvalidUtf8 } from "./decode-import-text";

describe("findInvalidUtf8", () => {
  it("finds the lead byte of broken sequences", () => {
    expect(findInvalidUtf8(new Uint8Array([0x61, 0xe9, 0x62]))).toBe(1); // Latin-1 é
    expect(findInvalidUtf8(new Uint8Array([0x61, 0x80]))).toBe(1); // stray continuation
    expect(findInvalidUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(0); // overlong "/"
    expect(findInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(findInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // > U+10FFFF
    expect(findInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1); // cut short
    expect(findInvalidUtf8(new TextEncoder().encode("ok é ✓ 𝄞"))).toBe(-1);
  });

  it("agrees with TextDecoder on whether bytes are valid UTF-8", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let isValid = true;
        try {
          new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
        } catch {
          isValid = false;
        }
        expect(findInvalidUtf8(bytes) === -1).toBe(isValid);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("decodeImportText", () => {
  it("decodes UTF-8 with or without BOM and refuses blank text", () => {
    expect(decodeImportText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: "a" });
    expect(decodeImportText("\uFEFFa")).toEqual({ ok: true, text: "a" });
    expect(decodeImportText(" \r\n\t")).toEqual({ ok: false, message: "the file is empty" });
  });

  it("names an .xls workbook", () => {
    const decoded = decodeImportText(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]));
    expect(decoded).toEqual({ ok: false, message: "the file is an Excel 97-2003 workbook (.xls), not CSV text; save it as CSV UTF-8" });
  });
});
