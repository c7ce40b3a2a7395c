import { describe, expect, it } from "vitest";
import {
  phonebookKey,
  regionNameFormatProblem,
  validatePhonebookName,
  validateRegionName,
  ZPhonebookName,
  ZRegionName,
} from "./phonebook-name";

const FORBIDDEN = [
  "!",
  ",",
  ";",
  "*",
  "=",
  "/",
  "\\",
  ":",
  "?",
  "<",
  ">",
  "|",
  ".",
  "&",
  "%",
  "{",
  "}",
  "[",
  "]",
  "@",
  "(",
  ")",
  "`",
  "~",
  "-",
  "_",
  " ",
];

describe("validatePhonebookName", () => {
  it.each(["A", "a", "MyISP", "ISP2024", "abcdefgh", "1a", "Z9999999"])("accepts %j", (name) => {
    expect(validatePhonebookName(name)).toBeNull();
  });

  it.each(FORBIDDEN)("refuses %j and names the character and its position", (ch) => {
    const message = validatePhonebookName(`ab${ch}c`);
    const shown = ch === " " ? "space" : `"${ch}"`;
    expect(message).toBe(`Phone book name may contain only ASCII letters and digits: ${shown} at position 3 is not allowed`);
  });

  it("refuses non-ASCII letters", () => {
    expect(validatePhonebookName("café")).toBe(
      'Phone book name may contain only ASCII letters and digits: "é" (U+00E9) at position 4 is not allowed',
    );
  });

  it("refuses all digits", () => {
    expect(validatePhonebookName("12345678")).toBe("Phone book name may not be all digits: include at least one letter");
    expect(validatePhonebookName("0")).toMatch(/all digits/);
  });

  it("refuses 9 characters and accepts 8", () => {
    expect(validatePhonebookName("abcdefghi")).toBe("Phone book name may be at most 8 characters (got 9)");
    expect(validatePhonebookName("abcdefgh")).toBeNull();
  });

  it("refuses the empty name", () => {
    expect(validatePhonebookName("")).toBe("Phone book name is required (1 to 8 characters)");
  });
});

describe("ZPhonebookName", () => {
  it("trims then validates", () => {
    expect(ZPhonebookName.parse("  MyISP ")).toBe("MyISP");
    const result = ZPhonebookName.safeParse("my isp");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      "Phone book name may contain only ASCII letters and digits: space at position 3 is not allowed",
    );
    expect(ZPhonebookName.safeParse("   ").error?.issues[0]?.message).toBe("Phone book name is required (1 to 8 characters)");
    expect(ZPhonebookName.safeParse(12).error?.issues[0]?.message).toBe("Phone book name must be a string");
  });
});

describe("phonebookKey", () => {
  it("is the upper-case name", () => {
    expect(phonebookKey("MyIsp")).toBe("MYISP");
    expect(phonebookKey("myisp")).toBe(phonebookKey("MYISP"));
  });
});

describe("region names", () => {
  it("accepts printable ASCII up to 31 characters", () => {
    expect(validateRegionName("North America (East) - 2 #1")).toBeNull();
    expect(validateRegionName("x".repeat(31))).toBeNull();
  });

  it("refuses each broken rule with the numbers", () => {
    expect(validateRegionName("")).toBe("Region name is required (1 to 31 characters)");
    expect(validateRegionName("x".repeat(32))).toBe("Region name may be at most 31 characters (got 32)");
    expect(validateRegionName("East, West")).toBe('Region name may not contain a comma: "," at position 5 is not allowed');
    expect(validateRegionName("Zürich")).toBe(
      'Region name may contain only printable ASCII characters: "ü" (U+00FC) at position 2 is not allowed',
    );
    expect(validateRegionName("a\tb")).toBe("Region name may contain only printable ASCII characters: tab at position 2 is not allowed");
  });

  it("reserves the .pbr placeholder of free positions, which the format itself allows", () => {
    const message = 'Region name "(unused)" is reserved: the published .pbr writes it for positions of deleted regions';
    expect(validateRegionName("(unused)")).toBe(message);
    expect(ZRegionName.safeParse(" (Unused) ").error?.issues[0]?.message).toBe(message);
    expect(regionNameFormatProblem("(unused)")).toBeNull();
  });

  it("ZRegionName trims", () => {
    expect(ZRegionName.parse("  Europe ")).toBe("Europe");
    expect(ZRegionName.safeParse(" ").success).toBe(false);
    expect(ZRegionName.safeParse("a,b").error?.issues[0]?.message).toMatch(/comma/);
  });
});
