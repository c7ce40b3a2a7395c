import { decodeImportText } from "./decode-import-text";
import { detectLayout, type TImportLayout } from "./detect-layout";
import { createErrorCollector } from "./error-collector";
import { PBA_COLUMNS, type TImportColumn } from "./import-columns";
import { mapHeader } from "./map-header";
import { isBlankRecord, readCsvRecords, readPbaRecords, type TRawRecord } from "./read-records";
import type { TImportError, TParsedImport, TParseImportOptions, TPopFieldKey } from "./types";
import { validateRecord } from "./validate-record";

/** Default number of errors kept in `errors`. */
export const DEFAULT_MAX_ERRORS = 1_000;

// Optional POP fields an update keeps when the file has no column for them.
const KEEPABLE: readonly TPopFieldKey[] = ["name", "areaCode", "minSpeed", "maxSpeed", "flags", "dialupEntry", "inService", "comment"];

type TFileShape = { headers: string[]; columnMap: (TImportColumn | null)[]; data: TRawRecord[]; errors: TImportError[] };

function fileError(message: string, line = 0, column = 0): TImportError {
  return { line, column, field: "", message };
}

function csvShape(text: string, layout: TImportLayout, options: TParseImportOptions): TFileShape {
  const records = readCsvRecords(text, layout);
  const header = records[0];
  if (!header) return { headers: [], columnMap: [], data: [], errors: [fileError("the file is empty")] };
  if (header.problem) return { headers: [], columnMap: [], data: [], errors: [fileError(`the header row: ${header.problem}`, 1)] };
  const headers = header.cells.map((cell) => cell.trim());
  const { columnMap, errors } = mapHeader(headers, options.mapping);
  const data = records.slice(1).filter((record) => !isBlankRecord(record.cells));
  if (errors.length === 0 && data.length === 0) errors.push(fileError("the file has a header row but no data rows", 1));
  return { headers, columnMap, data, errors };
}

function pbaShape(text: string): TFileShape {
  const data = readPbaRecords(text).filter((record) => !isBlankRecord(record.cells));
  return { headers: [], columnMap: [...PBA_COLUMNS], data, errors: [] };
}

/**
 * Parses and validates an import file (pure; runs in the browser too): UTF-8 CSV with a
 * header row (`,` or `;`, quoted fields, CRLF or LF) or PBA's headerless POP input format.
 * Every data row is checked: action, POP fields (`validatePopFields`), region, line length,
 * field count, and POP indexes repeated in the file. File-level problems (encoding, empty
 * file, header) stop the parse with no rows. Errors carry the physical line and the
 * 1-based column; at most `maxErrors` are kept, all are counted.
 */
export function parseImport(input: Uint8Array | string, options: TParseImportOptions = {}): TParsedImport {
  const collector = createErrorCollector(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const decoded = decodeImportText(input);
  const layout: TImportLayout = decoded.ok ? detectLayout(decoded.text) : { format: "csv", delimiter: ",", newline: "\n" };
  const shape: TFileShape = !decoded.ok
    ? { headers: [], columnMap: [], data: [], errors: [fileError(decoded.message)] }
    : layout.format === "csv"
      ? csvShape(decoded.text, layout, options)
      : pbaShape(decoded.text);
  const columns = shape.columnMap.filter((column): column is TImportColumn => column !== null);
  const result: TParsedImport = {
    format: layout.format,
    delimiter: layout.delimiter,
    columns,
    headers: shape.headers,
    columnMap: shape.columnMap,
    rows: [],
    errors: collector.errors,
    totalErrors: 0,
    fileErrors: shape.errors,
  };
  for (const error of shape.errors) collector.push(error);
  if (shape.errors.length > 0) {
    result.totalErrors = collector.total;
    return result;
  }

  const positions = new Map<TImportColumn, number>();
  shape.columnMap.forEach((column, i) => column && positions.set(column, i));
  const keepFields = KEEPABLE.filter((field) => !positions.has(field));
  const context = { format: layout.format, fieldCount: shape.columnMap.length, positions, keepFields, regionMessages: new Map() };
  const firstLine = new Map<number, number>();
  const popIndexColumn = (positions.get("popIndex") ?? -1) + 1;
  for (const record of shape.data) {
    const { row, popIndex, errors } = validateRecord(record, context);
    let isDuplicate = false;
    if (popIndex !== null) {
      const earlier = firstLine.get(popIndex);
      if (earlier === undefined) firstLine.set(popIndex, record.line);
      else {
        isDuplicate = true;
        const message = `POP index ${popIndex} already appears on line ${earlier}`;
        errors.push({ line: record.line, column: popIndexColumn, field: "popIndex", message });
        errors.sort((a, b) => a.column - b.column);
      }
    }
    for (const error of errors) collector.push(error);
    if (row && !isDuplicate) result.rows.push(row);
  }
  result.totalErrors = collector.total;
  return result;
}
