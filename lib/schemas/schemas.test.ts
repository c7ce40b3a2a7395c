import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ZChangePassword } from "./account";
import { ZAuditQuery } from "./audit";
import { ZImportQuery } from "./import";
import { ZInvitationSignup } from "./invitation";
import { ZOrganizationName } from "./organization";
import { ZPhonebookCreate, ZPhonebookPatch } from "./phonebook";
import { ZPopBulk, ZPopCreate, ZPopListQuery, ZPopPatch } from "./pop";
import { ZRegionInput } from "./region";
import { ZTokenCreate } from "./token";

const POP = { popIndex: 1, countryCode: 1, accessNumber: "5550100" };
const SIGNUP = { name: "Jo", password: "long-enough-password" };

// [schema, a valid input, the text field to break]
const TEXT_FIELDS: [string, z.ZodType, Record<string, unknown>, string][] = [
  ["phone book name", ZPhonebookCreate, { name: "ISP1" }, "name"],
  ["phone book description", ZPhonebookCreate, { name: "ISP1" }, "description"],
  ["phone book description (patch)", ZPhonebookPatch, { name: "ISP1" }, "description"],
  ["token name", ZTokenCreate, { name: "ci" }, "name"],
  ["invitee name", ZInvitationSignup, SIGNUP, "name"],
  ["audit actor", ZAuditQuery, {}, "actor"],
  ["audit phone book", ZAuditQuery, {}, "phonebook"],
  ["import file name", ZImportQuery, {}, "fileName"],
  ["POP search", ZPopListQuery, {}, "q"],
  ["POP flag filter", ZPopListQuery, {}, "flag"],
  ["POP name", ZPopCreate, POP, "name"],
  ["POP dial-up entry", ZPopCreate, POP, "dialupEntry"],
  ["POP comment", ZPopCreate, POP, "comment"],
  ["POP comment (patch)", ZPopPatch, {}, "comment"],
  ["POP region name", ZPopCreate, POP, "region"],
  ["POP region name (patch)", ZPopPatch, {}, "region"],
  ["region name", ZRegionInput, { name: "North" }, "name"],
];

function issuesAt(schema: z.ZodType, input: unknown, field: string): string[] {
  const result = schema.safeParse(input);
  expect(result.success, `${JSON.stringify(input).slice(0, 80)} should fail`).toBe(false);
  return (result.error?.issues ?? []).filter((issue) => issue.path.join(".") === field).map((issue) => issue.message);
}

describe("shared schemas", () => {
  it.each(TEXT_FIELDS)("%s accepts the valid input", (_, schema, valid) => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it.each(TEXT_FIELDS)("%s refuses NUL, ESC and DEL, naming the field", (_, schema, valid, field) => {
    for (const char of ["\u0000", "\u001b", "\u007f"]) {
      const messages = issuesAt(schema, { ...valid, [field]: `a${char}b` }, field);
      expect(messages.length, `${field} with U+${char.charCodeAt(0).toString(16)}`).toBeGreaterThan(0);
      expect(messages.join(" ")).toMatch(/control character U\+00(00|1B|7F)|may contain only|must be a comma list/);
    }
  });

  it.each(TEXT_FIELDS)("%s refuses 100,000 characters", (_, schema, valid, field) => {
    expect(issuesAt(schema, { ...valid, [field]: "a".repeat(100_000) }, field).length).toBeGreaterThan(0);
  });

  it("bounds the password confirmation", () => {
    const input = { currentPassword: "old-password", newPassword: "new-password", confirm: "x".repeat(100_000) };
    expect(issuesAt(ZChangePassword, input, "confirm")).toContain("Too big: expected string to have <=1000 characters");
  });

  it("organisation names refuse control characters", () => {
    expect(ZOrganizationName.safeParse("Acme\u0000").error?.issues.map((issue) => issue.message)).toEqual([
      "Name may not contain control characters: control character U+0000 at position 5 is not allowed",
    ]);
  });

  it("POP comments keep tabs and line breaks; one-line texts refuse them", () => {
    expect(ZPopCreate.parse({ ...POP, comment: "a\tb\r\nc" }).comment).toBe("a\tb\r\nc");
    expect(issuesAt(ZPhonebookCreate, { name: "ISP1", description: "a\tb" }, "description")).toEqual([
      "Description may not contain control characters: tab at position 2 is not allowed",
    ]);
  });

  it("bounds every number to its real limit", () => {
    const cases: [z.ZodType, Record<string, unknown>, string][] = [
      [ZPopBulk, { action: "delete", popIndexes: [99_999_999_999] }, "popIndexes.0"],
      [ZPopBulk, { action: "delete", popIndexes: [2 ** 31] }, "popIndexes.0"],
      [ZPopBulk, { action: "delete", popIndexes: [0] }, "popIndexes.0"],
      [ZPopBulk, { action: "delete", popIndexes: [1.5] }, "popIndexes.0"],
      [ZPopBulk, { action: "delete", popIndexes: Array.from({ length: 65_001 }, (_, i) => i + 1) }, "popIndexes"],
      [ZPopListQuery, { countryCode: "100000" }, "countryCode"],
      [ZPopListQuery, { page: "100001" }, "page"],
      [ZPopListQuery, { pageSize: "501" }, "pageSize"],
      [ZAuditQuery, { page: "1e9" }, "page"],
      [ZPopCreate, { ...POP, popIndex: 2 ** 31 }, "popIndex"],
      [ZPopCreate, { ...POP, countryCode: 100_000 }, "countryCode"],
      [ZPopCreate, { ...POP, minSpeed: 2 ** 31 }, "minSpeed"],
      [ZPopCreate, { ...POP, flags: 256 }, "flags"],
      [ZPopPatch, { popIndex: "99999999999" }, "popIndex"],
    ];
    for (const [schema, input, field] of cases) expect(issuesAt(schema, input, field).length, field).toBeGreaterThan(0);
    expect(issuesAt(ZPopBulk, { action: "delete", popIndexes: [99_999_999_999] }, "popIndexes.0")).toEqual([
      "a POP index is a whole number from 1 to 2147483647",
    ]);
    expect(ZPopBulk.parse({ action: "delete", popIndexes: [1, 2_147_483_647] }).popIndexes).toEqual([1, 2_147_483_647]);
  });
});
