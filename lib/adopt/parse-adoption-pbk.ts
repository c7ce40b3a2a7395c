import { fastPopFields } from "@/lib/import/fast-pop-fields";
import {
  MAX_POP_INDEX,
  MAX_POPS_PER_PHONEBOOK,
  checkCountryId,
  normaliseAreaCode,
  validatePopFields,
  type TPopFields,
} from "@/lib/phonebook";
import { PBK_COMMA_COUNTS } from "@/lib/phonebook/parse-pbk-line";
import { splitFileLines } from "./split-lines";
import type { TAdoptedPop, TAdoptionFile, TAdoptionIssue } from "./types";

/** The 11 fields of a .pbk line in MS-CPSP order, as our POP model names them. */
const FIELDS = [
  ["popIndex", "POP index"],
  ["countryCode", "Country code"],
  ["regionPosition", "Region"],
  ["name", "Name"],
  ["areaCode", "Area code"],
  ["accessNumber", "Access number"],
  ["minSpeed", "Minimum speed"],
  ["maxSpeed", "Maximum speed"],
  ["reserved", "Reserved (9th) field"],
  ["flags", "Flags"],
  ["dialupEntry", "Dial-up entry"],
] as const;

const FIELD_NUMBER = new Map<string, number>(FIELDS.map(([key], i) => [key, i]));
const DIGITS = /^[0-9]+$/;

export type TPbkParse = { pops: TAdoptedPop[]; errors: TAdoptionIssue[]; warnings: TAdoptionIssue[] };

function shown(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

const text = (n: number | null) => (n === null ? "" : String(n));

/**
 * The 11 fields of the line our writer makes of a POP (`renderPbkLine`, one .pbk line
 * format; parse-adoption.test.ts checks the two agree on every line of a 20,000-POP book).
 * Built here as strings because rendering each line would cost more than parsing it.
 */
function writtenFields(pop: TPopFields, regionPosition: number): string[] {
  return [
    String(pop.popIndex),
    String(pop.countryCode),
    String(regionPosition),
    pop.name,
    pop.areaCode,
    pop.accessNumber,
    text(pop.minSpeed),
    text(pop.maxSpeed),
    "0",
    String(pop.flags),
    pop.dialupEntry,
  ];
}

type TContext = {
  file: string;
  regionCount: number;
  seen: Map<number, number>;
  /** The POP index of the previous line, or -1 once a line out of order was reported. */
  previous: number;
  pops: TAdoptedPop[];
  errors: TAdoptionIssue[];
  warnings: TAdoptionIssue[];
};

// 1-based column of field n of a line split at its commas.
function columnOf(fields: readonly string[], n: number): number {
  let at = 1;
  for (let k = 0; k < n; k++) at += (fields[k] as string).length + 1;
  return at;
}

function fieldError(ctx: TContext, lineNo: number, fields: readonly string[], n: number, message: string): void {
  ctx.errors.push({ file: ctx.file, line: lineNo, column: columnOf(fields, n), message });
}

function warn(ctx: TContext, lineNo: number, message: string): void {
  ctx.warnings.push({ file: ctx.file, line: lineNo, message });
}

// Warns for each field our writer would write otherwise than the line holds it.
function warnNormalised(ctx: TContext, lineNo: number, fields: readonly string[], written: readonly string[]): void {
  for (let n = 0; n < written.length; n++) {
    const value = written[n] as string;
    const raw = fields[n] as string;
    if (value === raw) continue;
    if (n === 4 && value === normaliseAreaCode(raw.trim())) {
      warn(ctx, lineNo, `Area code ${shown(raw)} is stored as ${shown(value)}: clients ignore an area code that is not all digits`);
    } else {
      warn(ctx, lineNo, `${FIELDS[n]?.[1]} ${shown(raw)} is stored and written as ${shown(value)}`);
    }
  }
}

function parseLine(ctx: TContext, line: string, lineNo: number): void {
  if (line === "") {
    warn(ctx, lineNo, "Blank line ignored");
    return;
  }
  const fields = line.split(",");
  const commas = fields.length - 1;
  if (!PBK_COMMA_COUNTS.includes(commas)) {
    fieldError(ctx, lineNo, fields, 0, `The line has ${commas} commas; a client reads only lines of 10 (or 11, with a trailing comma)`);
    return;
  }
  let structural = false;
  for (let n = 0; n < 3; n++) {
    const raw = fields[n] as string;
    if (!DIGITS.test(raw)) {
      fieldError(ctx, lineNo, fields, n, `${FIELDS[n]?.[1]} must be a number, as a client requires (got ${shown(raw)})`);
      structural = true;
    }
  }
  if (structural) return;
  const popIndex = Number(fields[0]);
  if (popIndex < 1 || popIndex > MAX_POP_INDEX) {
    fieldError(ctx, lineNo, fields, 0, `POP index must be a whole number from 1 to ${MAX_POP_INDEX} (got ${fields[0]})`);
    return;
  }
  const earlier = ctx.seen.get(popIndex);
  if (earlier !== undefined) {
    fieldError(ctx, lineNo, fields, 0, `POP index ${popIndex} is already used on line ${earlier}`);
    return;
  }
  ctx.seen.set(popIndex, lineNo);
  if (ctx.previous !== -1) {
    if (popIndex < ctx.previous) {
      warn(
        ctx,
        lineNo,
        `POP ${popIndex} comes after POP ${ctx.previous}: the lines are not in POP index order, which is the order we write them in`,
      );
      ctx.previous = -1;
    } else {
      ctx.previous = popIndex;
    }
  }
  const regionPosition = Number(fields[2]);
  if (regionPosition > ctx.regionCount) {
    const message = `Region position ${regionPosition} is past the end of the .pbr, which lists ${ctx.regionCount} region(s)`;
    fieldError(ctx, lineNo, fields, 2, message);
    return;
  }

  const input = {
    popIndex: fields[0],
    countryCode: fields[1],
    name: fields[3],
    areaCode: fields[4],
    accessNumber: fields[5],
    minSpeed: fields[6],
    maxSpeed: fields[7],
    flags: fields[9],
    dialupEntry: fields[10],
    inService: "",
    comment: "",
  };
  let pop: TPopFields | null = fastPopFields(input);
  if (pop === null) {
    const checked = validatePopFields(input);
    if (!checked.ok) {
      for (const e of checked.errors) fieldError(ctx, lineNo, fields, FIELD_NUMBER.get(e.field) ?? 0, e.message);
      return;
    }
    pop = checked.value;
  }

  const country = checkCountryId(pop.countryCode, { allowUnknown: true });
  if (country.ok && country.warning) warn(ctx, lineNo, country.warning);
  const extra = fields[11];
  if (extra === "") warn(ctx, lineNo, "The trailing (11th) comma is dropped: the line is written with 10 commas");
  else if (extra !== undefined) warn(ctx, lineNo, `The text after the 11th comma (${shown(extra)}) is dropped`);
  warnNormalised(ctx, lineNo, fields, writtenFields(pop, regionPosition));
  const adopted = pop as TAdoptedPop;
  adopted.regionPosition = regionPosition;
  adopted.line = lineNo;
  ctx.pops.push(adopted);
}

/**
 * Reads a legacy .pbk against the number of positions of its .pbr. A line a client would
 * reject (MS-CPSP §2.1: 10 or 11 commas, a numeric POP index, country and region), a
 * region past the end of the .pbr, a duplicate POP index, more than 65,000 POPs, or a value
 * our POP field rules refuse is an error. What a client accepts but we store or write
 * otherwise is a warning naming the field: an area code with spaces or hyphens (digits
 * kept), an unknown TAPI country ID (kept), text after an 11th comma (dropped), any field
 * our writer would write differently (leading zeros, spaces, a 9th field other than 0), and
 * (once) lines out of POP index order.
 */
export function parseAdoptionPbk(file: TAdoptionFile, regionCount: number): TPbkParse {
  const ctx: TContext = { file: file.name, regionCount, seen: new Map(), previous: 0, pops: [], errors: [], warnings: [] };
  const lines = splitFileLines(file.bytes);
  let nonBlank = 0;
  for (const line of lines) if (line !== "") nonBlank++;
  if (nonBlank > MAX_POPS_PER_PHONEBOOK) {
    const message = `The .pbk holds ${nonBlank.toLocaleString("en-US")} POPs; a phone book holds at most ${MAX_POPS_PER_PHONEBOOK.toLocaleString("en-US")}`;
    return { pops: [], errors: [{ file: file.name, line: null, message }], warnings: [] };
  }
  for (let i = 0; i < lines.length; i++) parseLine(ctx, lines[i] as string, i + 1);
  return { pops: ctx.pops, errors: ctx.errors, warnings: ctx.warnings };
}
