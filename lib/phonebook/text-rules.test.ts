import { describe, expect, it } from "vitest";
import {
  charLength,
  controlCharMessage,
  describeBadChar,
  describeChar,
  findBadChar,
  isControlCode,
  isMultilineTextCode,
  isPrintableAsciiCode,
} from "./text-rules";

describe("text rules", () => {
  it("printable ASCII is 0x20..0x7E", () => {
    expect(isPrintableAsciiCode(0x1f)).toBe(false);
    expect(isPrintableAsciiCode(0x20)).toBe(true);
    expect(isPrintableAsciiCode(0x7e)).toBe(true);
    expect(isPrintableAsciiCode(0x7f)).toBe(false);
  });

  it("finds the first bad character with a 1-based code-point position", () => {
    expect(findBadChar("ab😀c!", (c) => c < 0x7f && c !== 0x21)).toEqual({ char: "😀", position: 3 });
    expect(findBadChar("abc", () => true)).toBeNull();
  });

  it("describes characters readably", () => {
    expect(describeChar(" ")).toBe("space");
    expect(describeChar("\t")).toBe("tab");
    expect(describeChar("\n")).toBe("line break");
    expect(describeChar("\u0001")).toBe("control character U+0001");
    expect(describeChar("é")).toBe('"é" (U+00E9)');
    expect(describeChar("-")).toBe('"-"');
    expect(describeChar('"')).toBe(`'"'`);
    expect(describeBadChar({ char: "_", position: 4 })).toBe('"_" at position 4');
  });

  it("control characters are C0 and DEL; multi-line text allows tab, LF and CR of them", () => {
    const codes = Array.from({ length: 0x100 }, (_, code) => code);
    expect(codes.filter(isControlCode)).toEqual([...codes.slice(0, 0x20), 0x7f]);
    expect(codes.filter((code) => !isMultilineTextCode(code))).toEqual(codes.filter(isControlCode).filter((c) => ![9, 10, 13].includes(c)));
    expect(controlCharMessage("Name", "ok é")).toBeNull();
    expect(controlCharMessage("Name", "a\u0000")).toBe(
      "Name may not contain control characters: control character U+0000 at position 2 is not allowed",
    );
  });

  it("counts code points", () => {
    expect(charLength("a😀b")).toBe(3);
    expect(charLength("")).toBe(0);
  });
});
