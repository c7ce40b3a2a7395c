import { z } from "zod";
import { MAX_PHONEBOOK_NAME_LENGTH, MAX_REGION_NAME_LENGTH } from "./limits";
import { FREE_POSITION_NAME, isReservedRegionName } from "./region-positions";
import { charLength, describeBadChar, findBadChar, isPrintableAsciiCode } from "./text-rules";

function isAsciiAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Checks a phone book name against the PBA rules: 1–8 characters, ASCII letters and
 * digits only, not all digits. Returns null when the name is valid, else a message naming
 * the rule (and the offending character with its 1-based position).
 * The name is checked as given: trim it first if the input may carry spaces.
 */
export function validatePhonebookName(name: string): string | null {
  if (name.length === 0) {
    return `Phone book name is required (1 to ${MAX_PHONEBOOK_NAME_LENGTH} characters)`;
  }
  const length = charLength(name);
  if (length > MAX_PHONEBOOK_NAME_LENGTH) {
    return `Phone book name may be at most ${MAX_PHONEBOOK_NAME_LENGTH} characters (got ${length})`;
  }
  const bad = findBadChar(name, isAsciiAlnum);
  if (bad) {
    return `Phone book name may contain only ASCII letters and digits: ${describeBadChar(bad)} is not allowed`;
  }
  if (/^[0-9]+$/.test(name)) {
    return "Phone book name may not be all digits: include at least one letter";
  }
  return null;
}

/** Phone book name: trimmed, then checked with {@link validatePhonebookName}. */
export const ZPhonebookName = z
  .string({ error: "Phone book name must be a string" })
  .trim()
  .superRefine((value, ctx) => {
    const message = validatePhonebookName(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });

/** A valid phone book name. */
export type TPhonebookName = z.output<typeof ZPhonebookName>;

/**
 * Storage key of a phone book: the name in upper case. Names are unique per organisation
 * case-insensitively, and the storage folder uses this form (SPEC §4).
 */
export function phonebookKey(name: string): string {
  return name.trim().toUpperCase();
}

function isRegionChar(code: number): boolean {
  return isPrintableAsciiCode(code) && code !== 0x2c;
}

/**
 * Checks that a region name can be written to a `.pbr` line: 1–31 characters of printable
 * ASCII, no comma. Returns null when it can, else a message naming the rule.
 */
export function regionNameFormatProblem(name: string): string | null {
  if (name.trim().length === 0) {
    return `Region name is required (1 to ${MAX_REGION_NAME_LENGTH} characters)`;
  }
  const length = charLength(name);
  if (length > MAX_REGION_NAME_LENGTH) {
    return `Region name may be at most ${MAX_REGION_NAME_LENGTH} characters (got ${length})`;
  }
  const bad = findBadChar(name, isRegionChar);
  if (bad) {
    const rule = bad.char === "," ? "may not contain a comma" : "may contain only printable ASCII characters";
    return `Region name ${rule}: ${describeBadChar(bad)} is not allowed`;
  }
  return null;
}

/**
 * Checks a region name: the `.pbr` format ({@link regionNameFormatProblem}), and not the
 * placeholder the `.pbr` writes for a free position. Returns null when valid, else a message.
 */
export function validateRegionName(name: string): string | null {
  const problem = regionNameFormatProblem(name);
  if (problem) return problem;
  if (isReservedRegionName(name)) {
    return `Region name "${FREE_POSITION_NAME}" is reserved: the published .pbr writes it for positions of deleted regions`;
  }
  return null;
}

/** Region name: trimmed, then checked with {@link validateRegionName}. */
export const ZRegionName = z
  .string({ error: "Region name must be a string" })
  .trim()
  .superRefine((value, ctx) => {
    const message = validateRegionName(value);
    if (message) ctx.addIssue({ code: "custom", message });
  });

/** A valid region name. */
export type TRegionName = z.output<typeof ZRegionName>;
