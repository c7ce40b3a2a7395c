export { IMPORT_COLUMNS, EXPORT_COLUMNS, PBA_COLUMNS, importColumnOf } from "./import-columns";
export type { TImportColumn } from "./import-columns";
export type {
  TImportAction,
  TImportFormat,
  TImportError,
  TImportRow,
  TImportStop,
  TParsedImport,
  TParseImportOptions,
  TCurrentPop,
  TPopWithRegion,
  TImportMode,
  TImportPlan,
  TPopFieldKey,
} from "./types";
export { parseImport, DEFAULT_MAX_ERRORS } from "./parse-import";
export { MAX_LINE_LENGTH } from "./read-records";
export { decodeImportText, findInvalidUtf8 } from "./decode-import-text";
export type { TDecodedText } from "./decode-import-text";
export { resolveRegionPositions } from "./resolve-regions";
export { planImport } from "./plan-import";
export type { TPlanImportOptions } from "./plan-import";
export { exportCsv } from "./export-csv";
export { neutraliseFormula, restoreFormula } from "./spreadsheet-safety";
