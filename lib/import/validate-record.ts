import {
  isKnownCountryId,
  MAX_POP_INDEX,
  parseWholeNumber,
  unknownCountryIdMessage,
  validatePopFields,
  validateRegionName,
  ZPopIndex,
} from "@/lib/phonebook";
import { fastPopFields } from "./fast-pop-fields";
import type { TImportColumn } from "./import-columns";
import { MAX_LINE_LENGTH, type TRawRecord } from "./read-records";
import { restoreFormula } from "./spreadsheet-safety";
import type { TImportAction, TImportError, TImportFormat, TImportRow, TPopFieldKey } from "./types";

/** What every record of one file shares. */
export type TRecordContext = {
  format: TImportFormat;
  /** Number of fields every record must have. */
  fieldCount: number;
  /** 0-based file column of each mapped import column. */
  positions: ReadonlyMap<TImportColumn, number>;
  keepFields: readonly TPopFieldKey[];
  /** Cache of region name → validation message (null when valid). */
  regionMessages: Map<string, string | null>;
};

/** A validated record: the row when valid, its POP index when readable, its errors and warnings. */
export type TRecordResult = { row: TImportRow | null; popIndex: number | null; errors: TImportError[]; warnings?: TImportError[] };

const ACTIONS: ReadonlyMap<string, TImportAction> = new Map([
  ["", "upsert"],
  ["add", "add"],
  ["edit", "edit"],
  ["delete", "delete"],
]);

// PBA's 9th (reserved) field, always 0 in a .pbk line.
const PBA_RESERVED_COLUMN = 9;

function fieldCountMessage(format: TImportFormat, got: number, expected: number): string {
  if (format === "pba") {
    return `a PBA POP line has ${expected} fields (${expected - 1} commas, or ${expected} with a trailing comma); this one has ${got}`;
  }
  return `the row has ${got} fields but the header has ${expected}`;
}

// Clients read .pbk lines of 10 or 11 commas, so a PBA line may have one field more.
const isFieldCountOk = (format: TImportFormat, got: number, expected: number): boolean =>
  got === expected || (format === "pba" && got === expected + 1);

/**
 * Validates one data record: length, syntax, field count, action, then (except for a
 * `delete`, which needs only its POP index) every POP field with `validatePopFields` (after
 * a fast path for plainly valid rows, see fast-pop-fields.ts) and
 * the region (a name in CSV, a position in the PBA format). Duplicate indexes are the
 * caller's concern.
 */
export function validateRecord(record: TRawRecord, ctx: TRecordContext): TRecordResult {
  const { line } = record;
  const rowError = (message: string): TRecordResult => ({
    row: null,
    popIndex: null,
    errors: [{ line, column: 0, field: "", message }],
  });
  if (record.length > MAX_LINE_LENGTH) {
    const [length, max] = [record.length, MAX_LINE_LENGTH].map((n) => n.toLocaleString("en-US"));
    return rowError(`the line is ${length} characters long; at most ${max} are allowed`);
  }
  if (record.problem) return rowError(record.problem);
  if (!isFieldCountOk(ctx.format, record.cells.length, ctx.fieldCount)) {
    return rowError(fieldCountMessage(ctx.format, record.cells.length, ctx.fieldCount));
  }

  const isCsv = ctx.format === "csv";
  const columnOf = (field: string): number => {
    const position = ctx.positions.get(field as TImportColumn);
    return position === undefined ? 0 : position + 1;
  };
  const cell = (column: TImportColumn): string | undefined => {
    const position = ctx.positions.get(column);
    const raw = position === undefined ? undefined : record.cells[position];
    return raw !== undefined && isCsv ? restoreFormula(raw) : raw;
  };
  const errors: TImportError[] = [];
  const fail = (field: string, message: string) => errors.push({ line, column: columnOf(field), field, message });

  const actionText = cell("action")?.trim() ?? "";
  const action = ACTIONS.get(actionText.toLowerCase());
  if (!action) {
    fail("action", `unknown action '${actionText}': use add, edit or delete`);
    return { row: null, popIndex: null, errors };
  }

  if (action === "delete") {
    const index = ZPopIndex.safeParse(cell("popIndex"));
    if (!index.success) {
      for (const issue of index.error.issues) fail("popIndex", issue.message);
      return { row: null, popIndex: null, errors };
    }
    const row: TImportRow = { line, action, popIndex: index.data, fields: null, region: undefined, raw: record.cells };
    return { row, popIndex: index.data, errors };
  }

  const input = {
    popIndex: cell("popIndex"),
    countryCode: cell("countryCode"),
    name: cell("name"),
    areaCode: cell("areaCode"),
    accessNumber: cell("accessNumber"),
    minSpeed: cell("minSpeed"),
    maxSpeed: cell("maxSpeed"),
    flags: cell("flags"),
    dialupEntry: cell("dialupEntry"),
    inService: cell("inService"),
    comment: cell("comment"),
  };
  let fields = fastPopFields(input);
  let popIndex = fields?.popIndex ?? null;
  if (!fields) {
    const validated = validatePopFields(input);
    if (validated.ok) fields = validated.value;
    else for (const error of validated.errors) fail(error.field, error.message);
    const index = ZPopIndex.safeParse(input.popIndex);
    popIndex = index.success ? index.data : null;
  }

  let region: string | null | undefined;
  let regionPos: number | undefined;
  const regionCell = cell("region");
  if (!isCsv) {
    const pos = parseWholeNumber(regionCell, "Region position", 0, MAX_POP_INDEX);
    if (!pos.ok) fail("region", `${pos.message}; 0 means all regions`);
    else if (pos.value === null) fail("region", "Region position is required (0 for all regions)");
    else regionPos = pos.value;
    const reserved = record.cells[PBA_RESERVED_COLUMN - 1]?.trim();
    if (reserved !== "0" && reserved !== "") {
      const message = `the 9th field of a PBA POP line is reserved and must be 0 or empty (got "${reserved ?? ""}")`;
      errors.push({ line, column: PBA_RESERVED_COLUMN, field: "", message });
    }
  } else if (regionCell !== undefined) {
    const name = regionCell.trim();
    let message = ctx.regionMessages.get(name);
    if (message === undefined) {
      message = name === "" ? null : validateRegionName(name);
      ctx.regionMessages.set(name, message);
    }
    if (message) fail("region", message);
    region = name === "" ? null : name;
  }

  errors.sort((a, b) => a.column - b.column);
  if (errors.length > 0 || !fields) return { row: null, popIndex, errors };
  const row: TImportRow = { line, action, popIndex: fields.popIndex, fields, region, raw: record.cells };
  if (regionPos !== undefined) row.regionPos = regionPos;
  if (ctx.keepFields.length > 0) row.keepFields = ctx.keepFields;
  if (!isKnownCountryId(fields.countryCode)) {
    const message = unknownCountryIdMessage(fields.countryCode);
    row.unknownCountry = { line, column: columnOf("countryCode"), field: "countryCode", message };
  }
  return { row, popIndex, errors, warnings: normalisationWarnings(record, ctx, fields.areaCode, cell("areaCode"), columnOf) };
}

// What a valid row had normalised: its area code's separators, text after an 11th comma.
function normalisationWarnings(
  record: TRawRecord,
  ctx: TRecordContext,
  areaCode: string,
  rawAreaCode: string | undefined,
  columnOf: (field: string) => number,
): TImportError[] {
  const warnings: TImportError[] = [];
  const written = rawAreaCode?.trim() ?? "";
  if (written !== areaCode) {
    const message = `area code "${written}" is stored as "${areaCode}": Connection Manager reads an area code of digits only`;
    warnings.push({ line: record.line, column: columnOf("areaCode"), field: "areaCode", message });
  }
  const extra = record.cells.length > ctx.fieldCount ? record.cells[ctx.fieldCount] : undefined;
  if (extra) {
    const message = `the text after the 11th comma ("${extra.slice(0, 40)}") is ignored, as Connection Manager ignores it`;
    warnings.push({ line: record.line, column: ctx.fieldCount + 1, field: "", message });
  }
  return warnings;
}
