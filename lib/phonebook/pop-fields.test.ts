import { describe, expect, it } from "vitest";
import { normaliseAreaCode, validatePopFields, ZPopFields, ZPopFieldsPatch, type TPopFields } from "./pop-fields";

const base = { popIndex: 23, countryCode: 1, accessNumber: "5550134" };

function errorsOf(input: Record<string, unknown>): { field: string; message: string }[] {
  const result = validatePopFields(input);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(input)}`);
  return result.errors;
}

function onlyError(input: Record<string, unknown>): { field: string; message: string } {
  const errors = errorsOf(input);
  expect(errors).toHaveLength(1);
  return errors[0] as { field: string; message: string };
}

describe("ZPopFields", () => {
  it("fills defaults for a minimal POP", () => {
    const expected: TPopFields = {
      popIndex: 23,
      countryCode: 1,
      name: "",
      areaCode: "",
      accessNumber: "5550134",
      minSpeed: null,
      maxSpeed: null,
      flags: 0,
      dialupEntry: "",
      inService: true,
      comment: "",
    };
    expect(ZPopFields.parse(base)).toEqual(expected);
  });

  it("normalises a CSV/form row of strings like a JSON body of numbers", () => {
    const fromStrings = ZPopFields.parse({
      popIndex: " 23 ",
      countryCode: "1",
      name: " Redmond ",
      areaCode: "425",
      accessNumber: "5550134",
      minSpeed: "9600",
      maxSpeed: "56000",
      flags: "96",
      dialupEntry: "MyISP",
      inService: "TRUE",
      comment: "",
    });
    const fromJson = ZPopFields.parse({
      popIndex: 23,
      countryCode: 1,
      name: "Redmond",
      areaCode: "425",
      accessNumber: "5550134",
      minSpeed: 9600,
      maxSpeed: 56000,
      flags: 96,
      dialupEntry: "MyISP",
      inService: true,
      comment: null,
    });
    expect(fromStrings).toEqual(fromJson);
    expect(fromStrings).toMatchObject({ popIndex: 23, minSpeed: 9600, flags: 96, name: "Redmond" });
  });

  it('empty optional values: numbers become null, strings become ""', () => {
    const value = ZPopFields.parse({
      ...base,
      name: null,
      areaCode: "",
      minSpeed: "",
      maxSpeed: null,
      flags: "",
      dialupEntry: "  ",
      comment: undefined,
      inService: "",
    });
    expect(value).toMatchObject({
      name: "",
      areaCode: "",
      minSpeed: null,
      maxSpeed: null,
      flags: 0,
      dialupEntry: "",
      comment: "",
      inService: true,
    });
  });

  it("ignores unknown keys", () => {
    expect(ZPopFields.parse({ ...base, region: "Europe", action: "add" })).not.toHaveProperty("region");
  });
});

describe("popIndex and countryCode", () => {
  it("accept the boundaries", () => {
    expect(validatePopFields({ ...base, popIndex: 1, countryCode: 1 }).ok).toBe(true);
    expect(validatePopFields({ ...base, popIndex: "2147483647", countryCode: "99999" }).ok).toBe(true);
  });

  it("refuse beyond them with the range", () => {
    expect(onlyError({ ...base, popIndex: 0 })).toEqual({
      field: "popIndex",
      message: "POP index must be a whole number from 1 to 2147483647 (got 0)",
    });
    expect(onlyError({ ...base, popIndex: "2147483648" })).toEqual({
      field: "popIndex",
      message: 'POP index must be a whole number from 1 to 2147483647 (got "2147483648")',
    });
    expect(onlyError({ ...base, countryCode: 100000 })).toEqual({
      field: "countryCode",
      message: "Country code must be a whole number from 1 to 99999 (got 100000)",
    });
    expect(onlyError({ ...base, countryCode: 0 }).message).toBe("Country code must be a whole number from 1 to 99999 (got 0)");
  });

  it.each(["1.5", "1e3", "-1", "0x1F", "12a", "1,5"])("refuse the string %j", (raw) => {
    expect(onlyError({ ...base, popIndex: raw })).toEqual({
      field: "popIndex",
      message: `POP index must be a whole number from 1 to 2147483647 (got ${JSON.stringify(raw)})`,
    });
  });

  it("refuse 1.5 and -1 as numbers", () => {
    expect(onlyError({ ...base, popIndex: 1.5 }).message).toBe("POP index must be a whole number from 1 to 2147483647 (got 1.5)");
    expect(onlyError({ ...base, countryCode: -1 }).message).toBe("Country code must be a whole number from 1 to 99999 (got -1)");
  });

  it("are required", () => {
    expect(errorsOf({ accessNumber: "1" })).toEqual([
      { field: "popIndex", message: "POP index is required (1 to 2147483647)" },
      { field: "countryCode", message: "Country code is required (1 to 99999)" },
    ]);
    expect(onlyError({ ...base, popIndex: "" }).message).toBe("POP index is required (1 to 2147483647)");
    expect(onlyError({ ...base, countryCode: null }).message).toBe("Country code is required (1 to 99999)");
  });

  it("refuse other types", () => {
    expect(onlyError({ ...base, countryCode: true })).toEqual({
      field: "countryCode",
      message: "Country code must be a number or a string of digits (got a value of type boolean)",
    });
  });
});

describe("name", () => {
  it("allows 30 printable ASCII characters", () => {
    expect(validatePopFields({ ...base, name: "x".repeat(30) }).ok).toBe(true);
    expect(validatePopFields({ ...base, name: "St. John's (Main) #1 ~!@" }).ok).toBe(true);
  });

  it("refuses 31 characters, commas, quotes and non-ASCII", () => {
    expect(onlyError({ ...base, name: "x".repeat(31) })).toEqual({ field: "name", message: "Name may be at most 30 characters (got 31)" });
    expect(onlyError({ ...base, name: "Redmond, WA" }).message).toBe(
      `Name may contain only printable ASCII characters except "," and '"': "," at position 8 is not allowed`,
    );
    expect(onlyError({ ...base, name: 'The "City"' }).message).toBe(
      `Name may contain only printable ASCII characters except "," and '"': '"' at position 5 is not allowed`,
    );
    expect(onlyError({ ...base, name: "Köln" }).message).toMatch(/"ö" \(U\+00F6\) at position 2 is not allowed/);
    expect(onlyError({ ...base, name: 42 })).toEqual({ field: "name", message: "Name must be text (got a value of type number)" });
  });
});

describe("areaCode", () => {
  it("accepts digits separated by - and spaces, and keeps the digits only", () => {
    expect(ZPopFields.parse({ ...base, areaCode: "0 30-12 34" }).areaCode).toBe("0301234");
    expect(ZPopFields.parse({ ...base, areaCode: " 206-555 " }).areaCode).toBe("206555");
    expect(ZPopFields.parse({ ...base, areaCode: "1-2-3-4-5-6-7-8-9-0" }).areaCode).toBe("1234567890");
    expect(ZPopFields.parse({ ...base, areaCode: " - " }).areaCode).toBe("");
    expect(normaliseAreaCode("0 30-1")).toBe("0301");
  });

  it("refuses more than 10 digits, more than 20 characters and other characters", () => {
    expect(onlyError({ ...base, areaCode: "12345678901" })).toEqual({
      field: "areaCode",
      message: "Area code may be at most 10 digits (got 11)",
    });
    expect(onlyError({ ...base, areaCode: "1 2 3 4 5 6 7 8 9 0 1" }).message).toBe("Area code may be at most 20 characters (got 21)");
    expect(onlyError({ ...base, areaCode: "(425)" }).message).toBe(
      'Area code may contain only digits, "-" and spaces: "(" at position 1 is not allowed',
    );
  });
});

describe("accessNumber", () => {
  it("allows digits # * - and spaces up to 35", () => {
    expect(ZPopFields.parse({ ...base, accessNumber: "*70 555-0134#" }).accessNumber).toBe("*70 555-0134#");
    expect(validatePopFields({ ...base, accessNumber: "1".repeat(35) }).ok).toBe(true);
  });

  it("refuses too long, bad characters, no digit, missing", () => {
    expect(onlyError({ ...base, accessNumber: "1".repeat(41) })).toEqual({
      field: "accessNumber",
      message: "Access number may be at most 35 characters (got 41)",
    });
    expect(onlyError({ ...base, accessNumber: "+1 555" }).message).toBe(
      'Access number may contain only digits, "#", "*", "-" and spaces: "+" at position 1 is not allowed',
    );
    expect(onlyError({ ...base, accessNumber: "*#-" }).message).toBe("Access number must contain at least one digit");
    expect(onlyError({ ...base, accessNumber: "   " }).message).toBe("Access number is required");
    expect(onlyError({ popIndex: 1, countryCode: 1 })).toEqual({ field: "accessNumber", message: "Access number is required" });
  });
});

describe("speeds", () => {
  it("accept unsigned 32-bit values and min = max", () => {
    expect(ZPopFields.parse({ ...base, minSpeed: "0", maxSpeed: 2147483647 })).toMatchObject({ minSpeed: 0, maxSpeed: 2147483647 });
    expect(validatePopFields({ ...base, minSpeed: 9600, maxSpeed: "9600" }).ok).toBe(true);
    expect(validatePopFields({ ...base, minSpeed: 9600 }).ok).toBe(true);
  });

  it("refuse out of range", () => {
    expect(onlyError({ ...base, maxSpeed: 4294967296 })).toEqual({
      field: "maxSpeed",
      message: "Maximum speed must be a whole number from 0 to 2147483647 (got 4294967296)",
    });
    expect(onlyError({ ...base, minSpeed: "-5" }).message).toBe('Minimum speed must be a whole number from 0 to 2147483647 (got "-5")');
  });

  it("refuse min > max on maxSpeed, with both numbers", () => {
    expect(onlyError({ ...base, minSpeed: "56000", maxSpeed: 9600 })).toEqual({
      field: "maxSpeed",
      message: "Maximum speed (9600) must be at least the minimum speed (56000)",
    });
  });

  it("report min > max together with other field errors", () => {
    const errors = errorsOf({ ...base, name: "a,b", minSpeed: 2, maxSpeed: 1 });
    expect(errors.map((e) => e.field).sort()).toEqual(["maxSpeed", "name"]);
  });
});

describe("flags", () => {
  it("accept 0..255 without bits 0 and 7", () => {
    expect(ZPopFields.parse({ ...base, flags: "126" }).flags).toBe(126);
    expect(ZPopFields.parse({ ...base, flags: 0 }).flags).toBe(0);
  });

  it("name the reserved bit and its meaning", () => {
    expect(onlyError({ ...base, flags: 1 })).toEqual({
      field: "flags",
      message: "Flags bit 0 (value 1, sign-on POP) must be 0 (got flags 1)",
    });
    expect(onlyError({ ...base, flags: "128" })).toEqual({
      field: "flags",
      message: "Flags bit 7 (value 128, reserved) must be 0 (got flags 128)",
    });
    expect(errorsOf({ ...base, flags: 255 })).toHaveLength(2);
  });

  it("refuse beyond a byte", () => {
    expect(onlyError({ ...base, flags: 256 }).message).toBe("Flags must be a whole number from 0 to 255 (got 256)");
  });
});

describe("dialupEntry, inService, comment", () => {
  it("dialupEntry: 50 printable ASCII, no comma", () => {
    expect(validatePopFields({ ...base, dialupEntry: "x".repeat(50) }).ok).toBe(true);
    expect(onlyError({ ...base, dialupEntry: "x".repeat(51) }).message).toBe("Dial-up entry may be at most 50 characters (got 51)");
    expect(onlyError({ ...base, dialupEntry: "My,ISP" }).message).toBe(
      `Dial-up entry may contain only printable ASCII characters except ",": "," at position 3 is not allowed`,
    );
    expect(validatePopFields({ ...base, dialupEntry: 'My "ISP"' }).ok).toBe(true);
  });

  it("inService: boolean-ish, default true", () => {
    expect(ZPopFields.parse({ ...base, inService: "no" }).inService).toBe(false);
    expect(ZPopFields.parse({ ...base, inService: "Yes" }).inService).toBe(true);
    expect(ZPopFields.parse({ ...base, inService: "0" }).inService).toBe(false);
    expect(ZPopFields.parse({ ...base, inService: false }).inService).toBe(false);
    expect(onlyError({ ...base, inService: "off" })).toEqual({
      field: "inService",
      message: 'In service must be true or false (got "off")',
    });
    expect(onlyError({ ...base, inService: [] }).message).toBe("In service must be true or false (got a list)");
  });

  it("comment: free text up to 1000 characters", () => {
    expect(ZPopFields.parse({ ...base, comment: 'Line 1\nZürich, "quoted"' }).comment).toBe('Line 1\nZürich, "quoted"');
    expect(validatePopFields({ ...base, comment: "c".repeat(1000) }).ok).toBe(true);
    expect(onlyError({ ...base, comment: "c".repeat(1001) }).message).toBe("Comment may be at most 1000 characters (got 1001)");
  });

  it("comment: tabs and line breaks, but no other control character", () => {
    expect(ZPopFields.parse({ ...base, comment: "a\tb\r\nc" }).comment).toBe("a\tb\r\nc");
    for (const [comment, shown] of [
      ["a\u0000b", "U+0000 at position 2"],
      ["a\u0008b", "U+0008 at position 2"],
      ["a\u007f", "U+007F at position 2"],
    ]) {
      expect(onlyError({ ...base, comment })).toEqual({
        field: "comment",
        message: `Comment may contain only printable characters, tabs and line breaks: control character ${shown} is not allowed`,
      });
    }
  });
});

describe("ZPopFieldsPatch", () => {
  it("keeps absent keys absent and adds no defaults", () => {
    expect(ZPopFieldsPatch.parse({})).toEqual({});
    expect(ZPopFieldsPatch.parse({ inService: "false" })).toEqual({ inService: false });
  });

  it("clears optional fields with null or empty", () => {
    expect(ZPopFieldsPatch.parse({ name: null, minSpeed: "", flags: "" })).toEqual({ name: "", minSpeed: null, flags: 0 });
  });

  it("refuses clearing required fields", () => {
    const result = ZPopFieldsPatch.safeParse({ popIndex: null, accessNumber: "" });
    expect(result.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["popIndex", "POP index is required (1 to 2147483647)"],
      ["accessNumber", "Access number is required"],
    ]);
  });

  it("checks min ≤ max only when both are present", () => {
    expect(ZPopFieldsPatch.safeParse({ minSpeed: 100 }).success).toBe(true);
    expect(ZPopFieldsPatch.safeParse({ minSpeed: 100, maxSpeed: 50 }).error?.issues[0]).toMatchObject({
      path: ["maxSpeed"],
      message: "Maximum speed (50) must be at least the minimum speed (100)",
    });
  });
});
