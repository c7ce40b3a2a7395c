import { describe, expect, it } from "vitest";
import { isDeleteLine, parsePbkLine, pbkLineIndex, splitPbkLines } from "./parse-pbk-line";

describe("parsePbkLine", () => {
  it("parses the spec example into typed fields", () => {
    expect(parsePbkLine("23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP")).toEqual({
      popIndex: 23,
      countryCode: 1,
      regionPos: 2,
      name: "Redmond",
      areaCode: "425",
      accessNumber: "5550134",
      minSpeed: 9600,
      maxSpeed: 56000,
      reserved: 0,
      flags: 96,
      dialupEntry: "MyISP",
      extra: null,
    });
  });

  it("reads a line of 11 commas as clients do: the text after the 11th is extra", () => {
    const ten = parsePbkLine("23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP");
    expect(parsePbkLine("23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP,")).toEqual({ ...ten, extra: "" });
    expect(parsePbkLine("23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP,x")).toEqual({ ...ten, extra: "x" });
    expect(parsePbkLine("9,0,0,,,,,,,,,")).toMatchObject({ popIndex: 9, countryCode: 0, extra: "" });
  });

  it("parses empty optional fields and delete lines", () => {
    expect(parsePbkLine("5,44,0,,,02079460000,,,0,0,")).toMatchObject({ minSpeed: null, maxSpeed: null, name: "", dialupEntry: "" });
    expect(parsePbkLine("9,0,0,,,,,,,,")).toMatchObject({ popIndex: 9, countryCode: 0, reserved: null, flags: null });
  });

  it("refuses a wrong field count or bad numbers", () => {
    expect(() => parsePbkLine("1,1,0,a,b")).toThrow(
      'Line "1,1,0,a,b" has 4 commas; a phone book line has 10 (or 11, with a trailing comma)',
    );
    expect(() => parsePbkLine("1,1,0,,,1,,,0,0,,,")).toThrow(/has 12 commas/);
    expect(() => parsePbkLine("1,1,0,,,1,,,0,0")).toThrow(/has 9 commas/);
    expect(() => parsePbkLine("x,1,0,,,1,,,0,0,")).toThrow(/does not start with a POP index/);
    expect(() => parsePbkLine("1,,0,,,1,,,0,0,")).toThrow(/empty field where a number is required/);
    expect(() => parsePbkLine("1,1,0,,,1,-5,,0,0,")).toThrow(/"-5" where a number belongs/);
  });
});

describe("line helpers", () => {
  it("splits CRLF and LF texts and skips blank lines", () => {
    expect(splitPbkLines("a\r\nb\nc\r\n\r\n")).toEqual(["a", "b", "c"]);
    expect(splitPbkLines("")).toEqual([]);
  });

  it("reads the index and the delete marker", () => {
    expect(pbkLineIndex("2147483647,1,0,,,1,,,0,0,")).toBe(2147483647);
    expect(() => pbkLineIndex("0,1")).toThrow();
    expect(() => pbkLineIndex(" 1,1")).toThrow();
    expect(isDeleteLine("12,0,0,,,,,,,,")).toBe(true);
    expect(isDeleteLine("12,01,0,,,1,,,0,0,")).toBe(false);
    expect(isDeleteLine("12,10,0,,,1,,,0,0,")).toBe(false);
  });
});
