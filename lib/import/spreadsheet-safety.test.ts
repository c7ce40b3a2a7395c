import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neutraliseFormula, restoreFormula } from "./spreadsheet-safety";

const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];
const SEPARATORS = [";", "\t", "|"];

// What a spreadsheet splitting the cell at ";", tab or "|" would see as cell starts.
function pieceFirstChars(cell: string): string[] {
  const firsts = [cell.charAt(0)];
  for (let i = 0; i < cell.length; i++) if (SEPARATORS.includes(cell.charAt(i))) firsts.push(cell.charAt(i + 1));
  return firsts;
}

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

  it("prefixes formula starts after ';', tab and '|' inside a cell", () => {
    expect(
      ["Lyon;=1+1", "a|@SUM(A1)", "a\t-1", "a;'=x", "a;;+1", "a;\t=1", "=a;=b|=c", "a;", "a; =b", "a;b=c"].map(neutraliseFormula),
    ).toEqual(["Lyon;'=1+1", "a|'@SUM(A1)", "a\t'-1", "a;''=x", "a;;'+1", "a;'\t'=1", "'=a;'=b|'=c", "a;", "a; =b", "a;b=c"]);
    expect(restoreFormula("Lyon;'=1+1")).toBe("Lyon;=1+1");
    expect(restoreFormula("a;'x")).toBe("a;'x");
  });

  it("leaves no formula start where a spreadsheet may start a cell", () => {
    const cell = fc.string({ unit: fc.constantFrom("'", "=", "+", "-", "@", "\t", "\r", ";", "|", "a", " "), maxLength: 12 });
    fc.assert(
      fc.property(cell, (value) => {
        for (const first of pieceFirstChars(neutraliseFormula(value))) expect(FORMULA_STARTS).not.toContain(first);
      }),
      { numRuns: 5_000 },
    );
  });

  it("restores exactly what it neutralised", () => {
    const cell = fc.string({ unit: fc.constantFrom("'", "=", "+", "-", "@", "\t", "\r", ";", "|", "a", "1", " "), maxLength: 12 });
    fc.assert(
      fc.property(cell, (value) => {
        expect(restoreFormula(neutraliseFormula(value))).toBe(value);
      }),
      { numRuns: 10_000 },
    );
  });
});
