import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validatePopFields, type TPopFields } from "@/lib/phonebook";
import { fastPopFields } from "./fast-pop-fields";

type TRow = Record<keyof TPopFields, string | undefined>;

const VALID: TRow = {
  popIndex: "23",
  countryCode: "1",
  name: "Redmond",
  areaCode: "425",
  accessNumber: "5550134",
  minSpeed: "9600",
  maxSpeed: "56000",
  flags: "96",
  dialupEntry: "MyISP",
  inService: "TRUE",
  comment: " note ",
};

describe("fastPopFields", () => {
  it("gives the validatePopFields result for a plainly valid row", () => {
    const expected = validatePopFields(VALID);
    expect(expected.ok).toBe(true);
    expect(fastPopFields(VALID)).toEqual(expected.ok ? expected.value : null);
  });

  it("defers anything doubtful to validatePopFields", () => {
    for (const change of [
      { popIndex: "0" },
      { popIndex: "00000000023" },
      { countryCode: "" },
      { accessNumber: "abc" },
      { accessNumber: "--" },
      { flags: "129" },
      { minSpeed: "56001" },
      { name: "Köln" },
      { inService: "maybe" },
      { comment: "x".repeat(1_001) },
      { name: "x".repeat(31) },
      { name: 'a"b' },
      { areaCode: "1".repeat(11) },
      { areaCode: "1 ".repeat(11) },
      { accessNumber: "5".repeat(36) },
      { dialupEntry: "d".repeat(51) },
      { dialupEntry: "a,b" },
      { comment: "a\u0000b" },
      { comment: "a\u001bb" },
      { comment: "a\u007f" },
    ]) {
      expect(fastPopFields({ ...VALID, ...change }), JSON.stringify(change)).toBeNull();
    }
  });

  it("never disagrees with validatePopFields", () => {
    const piece = fc.constantFrom(
      "",
      " ",
      "0",
      "1",
      "9",
      "-",
      "#",
      "*",
      ",",
      '"',
      "a",
      "é",
      "\t",
      "\n",
      "\u0000",
      "\u007f",
      "+",
      "2147483647",
      "99999",
      "100000",
      "255",
      "yes",
      "NO",
    );
    const cell = fc.oneof(fc.constant(undefined), fc.string({ unit: piece, maxLength: 6 }), fc.string({ maxLength: 40 }));
    const row = fc.record<TRow>({
      popIndex: cell,
      countryCode: cell,
      name: cell,
      areaCode: cell,
      accessNumber: cell,
      minSpeed: cell,
      maxSpeed: cell,
      flags: cell,
      dialupEntry: cell,
      inService: cell,
      comment: cell,
    });
    let fastCount = 0;
    fc.assert(
      fc.property(row, (input) => {
        const fast = fastPopFields(input);
        if (fast === null) return;
        fastCount++;
        expect({ ok: true, value: fast }).toEqual(validatePopFields(input));
      }),
      { numRuns: 20_000 },
    );
    // Also check valid rows built from the good pieces to be sure the fast path is exercised.
    const digits = (max: number) => fc.integer({ min: 1, max }).map(String);
    // Strings of any length up to the limit + 2, often right at the limit.
    const around = (unit: fc.Arbitrary<string> | "grapheme-ascii", max: number) =>
      fc.oneof(fc.string({ unit, maxLength: max + 2 }), fc.string({ unit, minLength: max - 1, maxLength: max + 1 }));
    const goodRow = fc.record<TRow>({
      popIndex: digits(2_147_483_647),
      countryCode: digits(99_999),
      name: around("grapheme-ascii", 30),
      areaCode: around(fc.constantFrom("1", "-", " "), 20),
      accessNumber: around(fc.constantFrom("5", "#", "*", "-", " "), 35),
      minSpeed: fc.option(digits(100_000), { nil: undefined }),
      maxSpeed: fc.option(digits(100_000), { nil: undefined }),
      flags: fc.integer({ min: 0, max: 256 }).map(String),
      dialupEntry: around("grapheme-ascii", 50),
      inService: fc.constantFrom("", "true", "False", "1", "no", "x"),
      comment: fc.string({ unit: "grapheme", maxLength: 20 }),
    });
    fc.assert(
      fc.property(goodRow, (input) => {
        const fast = fastPopFields(input);
        if (fast === null) return;
        fastCount++;
        expect({ ok: true, value: fast }).toEqual(validatePopFields(input));
      }),
      { numRuns: 20_000 },
    );
    expect(fastCount).toBeGreaterThan(300);
  });
});
