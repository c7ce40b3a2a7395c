import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neutraliseFormula, restoreFormula } from "./spreadsheet-safety";

describe("formula neutralisation", () => {
  it("prefixes cells a spreadsheet would run", () => {
    expect(["=1+1", "+1", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''-1"].map(neutraliseFormula)).toEqual([
      "'=1+1",
      "'+1",
      "'-5",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      "''=x",
      "'''-1",
    ]);
    expect(["", "5550134", "a=b", "'", "'quoted", " =x"].map(neutraliseFormula)).toEqual(["", "5550134", "a=b", "'", "'quoted", " =x"]);
  });

  it("restores exactly what it neutralised", () => {
    const cell = fc.string({ unit: fc.constantFrom("'", "=", "+", "-", "@", "\t", "\r", "a", "1", " "), maxLength: 8 });
    fc.assert(
      fc.property(cell, (value) => {
        expect(restoreFormula(neutraliseFormula(value))).toBe(value);
      }),
      { numRuns: 5_000 },
    );
  });
});
