import { PbkFormatError } from "./pbk-format-error";

/**
 * The 11 fields of one .pbk or .pbd line, typed. Empty numeric fields are null. Clients
 * read lines of 10 or 11 commas (PBA writes some with a trailing comma); the text after
 * an 11th comma is kept in `extra` ("" for a trailing comma) and has no meaning.
 */
export type TPbkLine = {
  popIndex: number;
  countryCode: number;
  regionPos: number;
  name: string;
  areaCode: string;
  accessNumber: string;
  minSpeed: number | null;
  maxSpeed: number | null;
  /** The 9th field, always 0 in a .pbk line and empty in a .pbd delete line. */
  reserved: number | null;
  flags: number | null;
  dialupEntry: string;
  /** What follows an 11th comma; null when the line has exactly 10. */
  extra: string | null;
};

/** Comma counts a .pbk/.pbd line may have (MS-CPSP §2.1 as clients read it). */
export const PBK_COMMA_COUNTS: readonly number[] = [10, 11];

/** Splits a .pbk/.pbd text into its lines: CRLF or LF ends, blank lines skipped. */
export function splitPbkLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line !== "") lines.push(line);
  }
  return lines;
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** The POP index of a line (its first field). Throws {@link PbkFormatError} if it is not a whole number ≥ 1. */
export function pbkLineIndex(line: string): number {
  const comma = line.indexOf(",");
  const field = comma === -1 ? line : line.slice(0, comma);
  const index = isDigits(field) ? Number(field) : 0;
  if (index < 1) throw new PbkFormatError(`Line "${line}" does not start with a POP index`);
  return index;
}

/** True when the line is a .pbd delete marker (country code 0). */
export function isDeleteLine(line: string): boolean {
  const first = line.indexOf(",");
  return first !== -1 && line.startsWith("0,", first + 1);
}

function optionalInt(text: string, line: string): number | null {
  if (text === "") return null;
  if (!isDigits(text)) throw new PbkFormatError(`Line "${line}" has "${text}" where a number belongs`);
  return Number(text);
}

function requiredInt(text: string, line: string): number {
  const value = optionalInt(text, line);
  if (value === null) throw new PbkFormatError(`Line "${line}" has an empty field where a number is required`);
  return value;
}

/**
 * Parses one .pbk (or .pbd) line into its 11 fields. Throws {@link PbkFormatError} unless
 * the line has 10 or 11 commas and numbers where numbers belong.
 */
export function parsePbkLine(line: string): TPbkLine {
  const f = line.split(",");
  const commas = f.length - 1;
  if (!PBK_COMMA_COUNTS.includes(commas)) {
    throw new PbkFormatError(`Line "${line}" has ${commas} commas; a phone book line has 10 (or 11, with a trailing comma)`);
  }
  const [, countryCode, regionPos, name, areaCode, accessNumber, minSpeed, maxSpeed, reserved, flags, dialupEntry, extra] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  return {
    popIndex: pbkLineIndex(line),
    countryCode: requiredInt(countryCode, line),
    regionPos: requiredInt(regionPos, line),
    name,
    areaCode,
    accessNumber,
    minSpeed: optionalInt(minSpeed, line),
    maxSpeed: optionalInt(maxSpeed, line),
    reserved: optionalInt(reserved, line),
    flags: optionalInt(flags, line),
    dialupEntry,
    extra: extra ?? null,
  };
}
