import { charLength, controlCharMessage, describeBadChar, findBadChar } from "./text-rules";

/** Outcome of normalising one raw field value. */
export type TFieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Raw numeric input: a number (JSON), a string (form or CSV), or nothing. */
export type TNumberInput = string | number | null | undefined;

const DIGITS = /^[0-9]+$/;

// Echoes at most 40 characters of the input in messages.
function shown(raw: string | number): string {
  if (typeof raw !== "string") return String(raw);
  return raw.length > 40 ? `${JSON.stringify(raw.slice(0, 40))}…` : JSON.stringify(raw);
}

/**
 * Parses a whole number from a number or a string of decimal digits (trimmed).
 * Empty input ("" / null / undefined) gives `value: null`; the caller decides if that is allowed.
 * Signs, decimals, exponents and hex are refused with a message naming the field and range.
 */
export function parseWholeNumber(raw: TNumberInput, label: string, min: number, max: number): TFieldResult<number | null> {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  const rangeMessage = `${label} must be a whole number from ${min} to ${max} (got ${shown(raw)})`;
  let value: number;
  if (typeof raw === "number") {
    if (!Number.isInteger(raw)) return { ok: false, message: rangeMessage };
    value = raw;
  } else {
    const text = raw.trim();
    if (text === "") return { ok: true, value: null };
    if (!DIGITS.test(text)) return { ok: false, message: rangeMessage };
    value = Number(text);
  }
  if (value < min || value > max) return { ok: false, message: rangeMessage };
  return { ok: true, value };
}

/** Rules of one text field. */
export type TTextRule = {
  label: string;
  max: number;
  /** Character test; omit to allow any character but control characters (C0 and DEL). */
  isAllowed?: (code: number) => boolean;
  /** What the allowed characters are, for the message: `digits, "-" and spaces`. */
  allowedText?: string;
};

/**
 * Normalises a text field: trims it; null/undefined become "". Checks the length (in
 * characters) and then each character against the rule (without one, refuses control
 * characters).
 */
export function parseText(raw: string | null | undefined, rule: TTextRule): TFieldResult<string> {
  const text = (raw ?? "").trim();
  const length = charLength(text);
  if (length > rule.max) {
    return { ok: false, message: `${rule.label} may be at most ${rule.max} characters (got ${length})` };
  }
  if (!rule.isAllowed) {
    const message = controlCharMessage(rule.label, text);
    return message ? { ok: false, message } : { ok: true, value: text };
  }
  const bad = findBadChar(text, rule.isAllowed);
  if (bad) {
    return {
      ok: false,
      message: `${rule.label} may contain only ${rule.allowedText ?? "allowed characters"}: ${describeBadChar(bad)} is not allowed`,
    };
  }
  return { ok: true, value: text };
}

const TRUE_WORDS = new Set(["true", "1", "yes"]);
const FALSE_WORDS = new Set(["false", "0", "no"]);

/**
 * Parses a boolean from true/false, 1/0 or the strings "true"/"false", "1"/"0",
 * "yes"/"no" (case-insensitive, trimmed). Empty input gives `fallback`.
 */
export function parseBooleanish(
  raw: boolean | string | number | null | undefined,
  label: string,
  fallback: boolean,
): TFieldResult<boolean> {
  if (raw === undefined || raw === null) return { ok: true, value: fallback };
  if (typeof raw === "boolean") return { ok: true, value: raw };
  if (typeof raw === "number") {
    if (raw === 1 || raw === 0) return { ok: true, value: raw === 1 };
  } else {
    const word = raw.trim().toLowerCase();
    if (word === "") return { ok: true, value: fallback };
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  }
  return { ok: false, message: `${label} must be true or false (got ${shown(raw)})` };
}
