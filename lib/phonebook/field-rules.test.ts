import { describe, expect, it } from "vitest";
import { parseBooleanish, parseText, parseWholeNumber } from "./field-rules";

describe("parseWholeNumber", () => {
  it("accepts numbers and digit strings (trimmed)", () => {
    expect(parseWholeNumber(5, "X", 0, 10)).toEqual({ ok: true, value: 5 });
    expect(parseWholeNumber(" 07 ", "X", 0, 10)).toEqual({ ok: true, value: 7 });
  });

  it("maps empty input to null", () => {
    for (const raw of ["", "  ", null, undefined]) expect(parseWholeNumber(raw, "X", 0, 10)).toEqual({ ok: true, value: null });
  });

  it.each(["1.5", "1e3", "-1", "+1", "0x10", "1 2", "١"])("refuses %j", (raw) => {
    expect(parseWholeNumber(raw, "X", 0, 9999)).toEqual({
      ok: false,
      message: `X must be a whole number from 0 to 9999 (got ${JSON.stringify(raw)})`,
    });
  });

  it("refuses non-integer and out-of-range numbers", () => {
    expect(parseWholeNumber(1.5, "X", 0, 10)).toEqual({ ok: false, message: "X must be a whole number from 0 to 10 (got 1.5)" });
    expect(parseWholeNumber(Number.NaN, "X", 0, 10).ok).toBe(false);
    expect(parseWholeNumber(Infinity, "X", 0, 10).ok).toBe(false);
    expect(parseWholeNumber(11, "X", 0, 10).ok).toBe(false);
    expect(parseWholeNumber("99999999999999999999999", "X", 0, 10).ok).toBe(false);
  });

  it("echoes at most 40 characters of a long input", () => {
    const raw = "9".repeat(100_000);
    expect(parseWholeNumber(raw, "X", 0, 10)).toEqual({
      ok: false,
      message: `X must be a whole number from 0 to 10 (got "${"9".repeat(40)}"…)`,
    });
  });
});

describe("parseText", () => {
  it("trims and maps null to empty", () => {
    expect(parseText("  a b ", { label: "L", max: 3 })).toEqual({ ok: true, value: "a b" });
    expect(parseText(null, { label: "L", max: 3 })).toEqual({ ok: true, value: "" });
    expect(parseText(undefined, { label: "L", max: 3 })).toEqual({ ok: true, value: "" });
  });

  it("refuses control characters and DEL when the rule has no character test", () => {
    for (const [raw, shown] of [
      ["a\u0000b", "U+0000 at position 2"],
      ["a\u001bb", "U+001B at position 2"],
      ["ab\u007f", "U+007F at position 3"],
    ]) {
      expect(parseText(raw, { label: "L", max: 9 })).toEqual({
        ok: false,
        message: `L may not contain control characters: control character ${shown} is not allowed`,
      });
    }
    expect(parseText("a\tb", { label: "L", max: 9 })).toEqual({
      ok: false,
      message: "L may not contain control characters: tab at position 2 is not allowed",
    });
    expect(parseText("é😀 \u0080", { label: "L", max: 9 })).toEqual({ ok: true, value: "é😀 \u0080" });
  });
});

describe("parseBooleanish", () => {
  it.each([
    [true, true],
    [false, false],
    ["TRUE", true],
    [" False ", false],
    ["1", true],
    ["0", false],
    ["Yes", true],
    ["NO", false],
    [1, true],
    [0, false],
    ["", true],
    [null, true],
    [undefined, true],
  ] as const)("%j → %j", (raw, expected) => {
    expect(parseBooleanish(raw, "In service", true)).toEqual({ ok: true, value: expected });
  });

  it("refuses anything else", () => {
    expect(parseBooleanish("maybe", "In service", true)).toEqual({ ok: false, message: 'In service must be true or false (got "maybe")' });
    expect(parseBooleanish(2, "In service", true)).toEqual({ ok: false, message: "In service must be true or false (got 2)" });
  });
});
