import type { TPopFields } from "@/lib/phonebook";
import type { TImportColumn } from "./import-columns";

/** What a row asks for; `upsert` when the action cell is empty or the column is absent. */
export type TImportAction = "add" | "edit" | "delete" | "upsert";

/** Input format: CSV with a header row, or PBA's headerless POP input format (.pbk order). */
export type TImportFormat = "csv" | "pba";

/** A key of the POP fields (region excluded). */
export type TPopFieldKey = keyof TPopFields;

/**
 * One error. `line` is the 1-based physical line of the file (0 for the file as a whole),
 * `column` the 1-based column of the field (0 for the row as a whole), `field` the import
 * column name ("" when not about one field).
 */
export type TImportError = { line: number; column: number; field: string; message: string };

/**
 * A row accepted as normalised (an area code's separators dropped, text after an 11th comma
 * ignored): where, like an error, and what was done.
 */
export type TImportWarning = TImportError;

/** One valid data row. */
export type TImportRow = {
  /** 1-based physical line where the record starts (header included). */
  line: number;
  action: TImportAction;
  popIndex: number;
  /** Normalised POP fields; null for a `delete` row. */
  fields: TPopFields | null;
  /** Region name; null = all regions; undefined = no region column (keep the current one). */
  region: string | null | undefined;
  /** PBA format only: the 1-based region position (0 = all regions), see `resolveRegionPositions`. */
  regionPos?: number;
  /**
   * Optional fields whose column the file lacks: an update keeps their current value (an
   * add gets the default). Shared by every row of a file.
   */
  keepFields?: readonly TPopFieldKey[];
  /** The record's cells as read from the file. */
  raw?: readonly string[];
  /**
   * Set when the country/region is no TAPI ID of the list: the error `planImport` reports
   * unless the row updates a POP that already holds that ID.
   */
  unknownCountry?: TImportError;
};

/** Result of {@link parseImport}. */
export type TParsedImport = {
  format: TImportFormat;
  delimiter: string;
  /** Recognised columns, in file order. */
  columns: TImportColumn[];
  /** Header cells as written (empty for the PBA format). */
  headers: string[];
  /** Column of each file column (0-based), null when ignored. */
  columnMap: (TImportColumn | null)[];
  /** Valid rows, in file order; rows with errors are left out. */
  rows: TImportRow[];
  /** File-level errors first, then row errors in file order; at most `maxErrors`. */
  errors: TImportError[];
  /** Number of errors found, including those left out of `errors`. */
  totalErrors: number;
  /** Warnings about valid rows, in file order; at most `maxErrors`. */
  warnings: TImportWarning[];
  /** Number of warnings found, including those left out of `warnings`. */
  totalWarnings: number;
  /** Errors about the file as a whole (encoding, header); when any, `rows` is empty. */
  fileErrors: TImportError[];
  /** Set when reading stopped before the end of the file (`maxRows`, `stopAfterMaxErrors`). */
  stopped: TImportStop | null;
};

/**
 * Why and where reading stopped: past `maxRows` data rows, or past `maxErrors` errors. The
 * record on `line` is the last one read (and, for `rows`, the one over the limit).
 */
export type TImportStop = {
  reason: "rows" | "errors";
  line: number;
  /** Data rows read, that record included. */
  rows: number;
  /** True when nothing but blank lines follows, so the counts are those of the whole file. */
  isEndOfFile: boolean;
};

/** Options of {@link parseImport}. */
export type TParseImportOptions = {
  /** Most errors kept in `errors` (default 1,000); all are counted in `totalErrors`. */
  maxErrors?: number;
  /** CSV only: file column index (0-based) → import column, or null to ignore the column. Overrides the header. */
  mapping?: Record<number, TImportColumn | null>;
  /** Stop at the data row after this many (blank lines are not rows); the rest of the file is not read. */
  maxRows?: number;
  /** Stop at the first error past `maxErrors` instead of reading on to count them all. */
  stopAfterMaxErrors?: boolean;
};

/** A POP as stored: its fields plus its region name (null = all regions). */
export type TCurrentPop = TPopFields & { region: string | null };

/** A POP with its region name. */
export type TPopWithRegion = TCurrentPop;

/** Import mode: `merge` upserts rows; `replace` also deletes POPs absent from the file. */
export type TImportMode = "merge" | "replace";

/** Result of {@link planImport}: every list sorted by POP index. */
export type TImportPlan = {
  adds: TPopWithRegion[];
  updates: { before: TCurrentPop; after: TPopWithRegion }[];
  deletes: number[];
  unchanged: number;
  /** Regions the import creates (not among the current ones, case-insensitively); first spelling wins. */
  newRegions: string[];
  errors: TImportError[];
  counts: { added: number; updated: number; deleted: number; unchanged: number };
  /** POP indexes added, updated or deleted. */
  changedIndexes: number[];
};
