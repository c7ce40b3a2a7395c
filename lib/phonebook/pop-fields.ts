import { z } from "zod";
import { parseBooleanish, parseText, parseWholeNumber, type TFieldResult, type TTextRule } from "./field-rules";
import {
  MAX_ACCESS_NUMBER_LENGTH,
  MAX_AREA_CODE_LENGTH,
  MAX_COMMENT_LENGTH,
  MAX_COUNTRY_CODE,
  MAX_DIALUP_ENTRY_LENGTH,
  MAX_FLAGS,
  MAX_NAME_LENGTH,
  MAX_POP_INDEX,
  MAX_SPEED,
} from "./limits";
import { DEFAULT_POP_FLAGS, RESERVED_FLAG_BITS } from "./pop-flags";
import { isMultilineTextCode, isPrintableAsciiCode } from "./text-rules";

// Field schemas accept what a web form (strings), a JSON body (numbers/null) and a CSV row
// (strings) carry, and normalise to one output shape. Each is `input.optional().transform()`
// so a missing key reaches the transform, which reports "required" or fills the default.

type TCtx = { addIssue: (issue: { code: "custom"; message: string }) => void };

function unwrap<T>(result: TFieldResult<T>, ctx: TCtx): T {
  if (result.ok) return result.value;
  ctx.addIssue({ code: "custom", message: result.message });
  return z.NEVER;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  return value === null ? "null" : `a value of type ${typeof value}`;
}

function numberInput(label: string) {
  return z
    .union([z.string(), z.number(), z.null()], {
      error: (issue) => `${label} must be a number or a string of digits (got ${typeName(issue.input)})`,
    })
    .optional();
}

function requiredWholeNumber(label: string, min: number, max: number) {
  return numberInput(label).transform((raw, ctx): number => {
    const value = unwrap(parseWholeNumber(raw, label, min, max), ctx);
    if (value === null) return unwrap({ ok: false, message: `${label} is required (${min} to ${max})` }, ctx);
    return value;
  });
}

function optionalWholeNumber(label: string, min: number, max: number) {
  return numberInput(label).transform((raw, ctx): number | null => unwrap(parseWholeNumber(raw, label, min, max), ctx));
}

function text(rule: TTextRule) {
  return z
    .string({ error: (issue) => `${rule.label} must be text (got ${typeName(issue.input)})` })
    .nullable()
    .optional()
    .transform((raw, ctx): string => unwrap(parseText(raw, rule), ctx));
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** POP index: required whole number 1..2147483647. */
export const ZPopIndex = requiredWholeNumber("POP index", 1, MAX_POP_INDEX);

/** Country/region id (TAPI): required whole number 1..99999. */
export const ZCountryCode = requiredWholeNumber("Country code", 1, MAX_COUNTRY_CODE);

/** POP name (city): optional, ≤30 printable ASCII characters, no comma or double quote. */
export const ZPopName = text({
  label: "Name",
  max: MAX_NAME_LENGTH,
  isAllowed: (c) => isPrintableAsciiCode(c) && c !== 0x2c && c !== 0x22,
  allowedText: `printable ASCII characters except "," and '"'`,
});

/**
 * The digits of an area code: spaces and hyphens dropped. Connection Manager ignores an area
 * code that is not numeric (docs/connection-manager.md), so only digits are stored and written.
 */
export function normaliseAreaCode(text: string): string {
  return text.replace(/[ -]/g, "");
}

/**
 * Area code: optional, ≤10 digits. Input may separate them with spaces and "-" (at most 20
 * characters in all); the value is the digits alone ({@link normaliseAreaCode}).
 */
export const ZAreaCode = text({
  label: "Area code",
  max: 2 * MAX_AREA_CODE_LENGTH,
  isAllowed: (c) => isDigit(c) || c === 0x2d || c === 0x20,
  allowedText: `digits, "-" and spaces`,
}).transform((value, ctx): string => {
  const digits = normaliseAreaCode(value);
  if (digits.length > MAX_AREA_CODE_LENGTH) {
    ctx.addIssue({ code: "custom", message: `Area code may be at most ${MAX_AREA_CODE_LENGTH} digits (got ${digits.length})` });
  }
  return digits;
});

/** Access number: required, ≤35 characters of digits, "#", "*", "-" and spaces, at least one digit. */
export const ZAccessNumber = text({
  label: "Access number",
  max: MAX_ACCESS_NUMBER_LENGTH,
  isAllowed: (c) => isDigit(c) || c === 0x23 || c === 0x2a || c === 0x2d || c === 0x20,
  allowedText: `digits, "#", "*", "-" and spaces`,
}).superRefine((value, ctx) => {
  if (value === "") ctx.addIssue({ code: "custom", message: "Access number is required" });
  else if (!/[0-9]/.test(value)) ctx.addIssue({ code: "custom", message: "Access number must contain at least one digit" });
});

/** Minimum speed in bps: optional unsigned 32-bit whole number. */
export const ZMinSpeed = optionalWholeNumber("Minimum speed", 0, MAX_SPEED);
/** Maximum speed in bps: optional unsigned 32-bit whole number. */
export const ZMaxSpeed = optionalWholeNumber("Maximum speed", 0, MAX_SPEED);

/** Flags byte 0..255 with bits 0 and 7 clear; empty means the default 0. */
export const ZPopFlags = numberInput("Flags").transform((raw, ctx): number => {
  const value = unwrap(parseWholeNumber(raw, "Flags", 0, MAX_FLAGS), ctx);
  if (value === null) return DEFAULT_POP_FLAGS;
  for (const reserved of RESERVED_FLAG_BITS) {
    if ((value & reserved.value) !== 0) {
      ctx.addIssue({
        code: "custom",
        message: `Flags bit ${reserved.bit} (value ${reserved.value}, ${reserved.meaning}) must be 0 (got flags ${value})`,
      });
    }
  }
  return value;
});

/** Dial-up entry: optional, ≤50 printable ASCII characters, no comma. */
export const ZDialupEntry = text({
  label: "Dial-up entry",
  max: MAX_DIALUP_ENTRY_LENGTH,
  isAllowed: (c) => isPrintableAsciiCode(c) && c !== 0x2c,
  allowedText: `printable ASCII characters except ","`,
});

/** In service: boolean-ish, default true. */
export const ZInService = z
  .union([z.boolean(), z.string(), z.number(), z.null()], {
    error: (issue) => `In service must be true or false (got ${typeName(issue.input)})`,
  })
  .optional()
  .transform((raw, ctx): boolean => unwrap(parseBooleanish(raw, "In service", true), ctx));

/** Comment: optional free text ≤1000 characters (tabs and line breaks, no other control characters), never published. */
export const ZPopComment = text({
  label: "Comment",
  max: MAX_COMMENT_LENGTH,
  isAllowed: isMultilineTextCode,
  allowedText: "printable characters, tabs and line breaks",
});

const popFieldsShape = {
  popIndex: ZPopIndex,
  countryCode: ZCountryCode,
  name: ZPopName,
  areaCode: ZAreaCode,
  accessNumber: ZAccessNumber,
  minSpeed: ZMinSpeed,
  maxSpeed: ZMaxSpeed,
  flags: ZPopFlags,
  dialupEntry: ZDialupEntry,
  inService: ZInService,
  comment: ZPopComment,
};

type TSpeedPair = { minSpeed?: number | null | undefined; maxSpeed?: number | null | undefined };

/**
 * Cross-field rule: when both speeds are set, min ≤ max (issue on `maxSpeed`). Exported so
 * an app that extends the object schema can re-attach it with `.superRefine(checkPopSpeeds)`.
 */
export function checkPopSpeeds(
  value: TSpeedPair,
  ctx: { addIssue: (issue: { code: "custom"; message: string; path: string[] }) => void },
): void {
  const { minSpeed, maxSpeed } = value;
  if (typeof minSpeed === "number" && typeof maxSpeed === "number" && minSpeed > maxSpeed) {
    ctx.addIssue({
      code: "custom",
      path: ["maxSpeed"],
      message: `Maximum speed (${maxSpeed}) must be at least the minimum speed (${minSpeed})`,
    });
  }
}

// Run the speed check even when other fields failed, so a form shows every error at once.
const speedsParsed = {
  when: (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }) =>
    !payload.issues.some((issue) => issue.path?.[0] === "minSpeed" || issue.path?.[0] === "maxSpeed"),
};

/** Object of all POP fields without cross-field rules (extend it, then add {@link checkPopSpeeds}). */
export const ZPopFieldsObject = z.object(popFieldsShape);

/** All POP fields (no region: the app adds it its own way), with min ≤ max checked. */
export const ZPopFields = ZPopFieldsObject.superRefine(checkPopSpeeds, speedsParsed);

/** Normalised POP fields. */
export type TPopFields = z.output<typeof ZPopFields>;
/** Raw POP fields as a form, JSON body or CSV row may carry them. */
export type TPopFieldsInput = z.input<typeof ZPopFields>;

/**
 * Partial POP fields for PATCH: absent keys stay absent; null/"" clear optional fields.
 * min ≤ max is checked only when both speeds are in the patch: the caller must re-check
 * against the stored POP after merging.
 */
export const ZPopFieldsPatch = z
  .object({
    popIndex: ZPopIndex.optional(),
    countryCode: ZCountryCode.optional(),
    name: ZPopName.optional(),
    areaCode: ZAreaCode.optional(),
    accessNumber: ZAccessNumber.optional(),
    minSpeed: ZMinSpeed.optional(),
    maxSpeed: ZMaxSpeed.optional(),
    flags: ZPopFlags.optional(),
    dialupEntry: ZDialupEntry.optional(),
    inService: ZInService.optional(),
    comment: ZPopComment.optional(),
  })
  .superRefine(checkPopSpeeds, speedsParsed);

/** Normalised PATCH body. */
export type TPopFieldsPatch = z.output<typeof ZPopFieldsPatch>;

/** One field error, `field` being the key ("" for the row as a whole). */
export type TPopFieldError = { field: string; message: string };

/**
 * Validates one POP (e.g. a CSV row) and returns the normalised value or every error,
 * each with its field name. Unknown keys are ignored.
 */
export function validatePopFields(input: unknown): { ok: true; value: TPopFields } | { ok: false; errors: TPopFieldError[] } {
  const result = ZPopFields.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      field: typeof issue.path[0] === "string" ? issue.path[0] : "",
      message: issue.message,
    })),
  };
}
