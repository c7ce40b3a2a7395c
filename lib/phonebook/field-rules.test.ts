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
});

describe("parseText", () => {
  it("trims and maps null to empty", () => {
    expect(parseText("  a b ", { label: "L", max: 3 })).toEqual({ ok: true, value: "a b" });
    expect(parseText(null, { label: "L", max: 3 })).toEqual({ ok: true, value: "" });
    expect(parseText(undefined, { label: "L", max: 3 })).toEqual({ ok: true, value: "" });
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
