import { decodeImportText } from "./decode-import-text";
import { detectLayout, type TImportLayout } from "./detect-layout";
import { createErrorCollector } from "./error-collector";
import { PBA_COLUMNS, type TImportColumn } from "./import-columns";
import { mapHeader } from "./map-header";
import { isBlankFrom, MAX_LINE_LENGTH, readCsvRecords, readPbaRecords, type TRawRecord } from "./read-records";
import type { TImportError, TParsedImport, TParseImportOptions, TPopFieldKey } from "./types";
import { validateRecord, type TRecordContext } from "./validate-record";

/** Default number of errors kept in `errors`. */
export const DEFAULT_MAX_ERRORS = 1_000;

// Optional POP fields an update keeps when the file has no column for them.
const KEEPABLE: readonly TPopFieldKey[] = ["name", "areaCode", "minSpeed", "maxSpeed", "flags", "dialupEntry", "inService", "comment"];

function fileError(message: string, line = 0, column = 0): TImportError {
  return { line, column, field: "", message };
}

function headerProblem(header: TRawRecord): string | null {
  if (header.problem) return `the header row: ${header.problem}`;
  if (header.length <= MAX_LINE_LENGTH) return null;
  const [length, max] = [header.length, MAX_LINE_LENGTH].map((n) => n.toLocaleString("en-US"));
  return `the header row is ${length} characters long; at most ${max} are allowed`;
}

/**
 * Parses and validates an import file (pure; runs in the browser too): UTF-8 CSV with a
 * header row (`,` or `;`, quoted fields, CRLF or LF) or PBA's headerless POP input format.
 * Every data row is checked: action, POP fields (`validatePopFields`), region, line length,
 * field count, and POP indexes repeated in the file. File-level problems (encoding, empty
 * file, header) stop the parse with no rows. Errors carry the physical line and the
 * 1-based column; at most `maxErrors` are kept, all are counted — unless `maxRows` or
 * `stopAfterMaxErrors` stop the reading early (`stopped`), which bounds the work for any file.
 */
export function parseImport(input: Uint8Array | string, options: TParseImportOptions = {}): TParsedImport {
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const collector = createErrorCollector(maxErrors);
  const warnings = createErrorCollector(maxErrors);
  const decoded = decodeImportText(input);
  const layout: TImportLayout = decoded.ok ? detectLayout(decoded.text) : { format: "csv", delimiter: ",", newline: "\n" };
  const result: TParsedImport = {
    format: layout.format,
    delimiter: layout.delimiter,
    columns: [],
    headers: [],
    columnMap: layout.format === "pba" ? [...PBA_COLUMNS] : [],
    rows: [],
    errors: collector.errors,
    totalErrors: 0,
    warnings: warnings.errors,
    totalWarnings: 0,
    fileErrors: [],
    stopped: null,
  };
  const refuse = (errors: TImportError[]): TParsedImport => {
    result.fileErrors = errors;
    for (const error of errors) collector.push(error);
    result.totalErrors = collector.total;
    result.rows = [];
    return result;
  };
  if (!decoded.ok) return refuse([fileError(decoded.message)]);
  const { text } = decoded;

  let context: TRecordContext | null = null;
  let popIndexColumn = 0;
  const firstLine = new Map<number, number>();
  let rowCount = 0;
  const startRows = (columnMap: (TImportColumn | null)[]) => {
    const positions = new Map<TImportColumn, number>();
    columnMap.forEach((column, i) => column && positions.set(column, i));
    result.columnMap = columnMap;
    result.columns = columnMap.filter((column): column is TImportColumn => column !== null);
    popIndexColumn = (positions.get("popIndex") ?? -1) + 1;
    const keepFields = KEEPABLE.filter((field) => !positions.has(field));
    context = { format: layout.format, fieldCount: columnMap.length, positions, keepFields, regionMessages: new Map() };
  };
  const stop = (reason: "rows" | "errors", record: TRawRecord): false => {
    const isEndOfFile = isBlankFrom(text, record.end, layout.delimiter);
    result.stopped = { reason, line: record.line, rows: rowCount, isEndOfFile };
    return false;
  };
  let headerErrors: TImportError[] = [];
  const onRecord = (record: TRawRecord): boolean => {
    if (!context) {
      const problem = headerProblem(record);
      if (problem) {
        headerErrors = [fileError(problem, 1)];
        return false;
      }
      result.headers = record.cells.map((cell) => cell.trim());
      const mapped = mapHeader(result.headers, options.mapping);
      startRows(mapped.columnMap);
      headerErrors = mapped.errors;
      return headerErrors.length === 0;
    }
    rowCount++;
    if (options.maxRows !== undefined && rowCount > options.maxRows) return stop("rows", record);
    const { row, popIndex, errors, warnings: rowWarnings } = validateRecord(record, context);
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
    if (row && !isDuplicate) {
      result.rows.push(row);
      for (const warning of rowWarnings ?? []) warnings.push(warning);
    }
    return options.stopAfterMaxErrors && collector.total > maxErrors ? stop("errors", record) : true;
  };

  if (layout.format === "csv") {
    readCsvRecords(text, layout, onRecord);
    if (!context && headerErrors.length === 0) return refuse([fileError("the file is empty")]);
    if (headerErrors.length > 0) return refuse(headerErrors);
    if (rowCount === 0) return refuse([fileError("the file has a header row but no data rows", 1)]);
  } else {
    startRows([...PBA_COLUMNS]);
    readPbaRecords(text, onRecord);
  }
  result.totalErrors = collector.total;
  result.totalWarnings = warnings.total;
  return result;
}
