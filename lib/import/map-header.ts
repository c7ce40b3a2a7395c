import { IMPORT_COLUMNS, importColumnOf, type TImportColumn } from "./import-columns";
import type { TImportError } from "./types";

/** Column of each file column (null = ignored), or the header's errors. */
export type THeaderMapping = { columnMap: (TImportColumn | null)[]; errors: TImportError[] };

const ACCEPTED = `accepted names (case-insensitive; spaces and underscores ignored): ${IMPORT_COLUMNS.join(", ")}`;

function isImportColumn(value: unknown): value is TImportColumn {
  return typeof value === "string" && (IMPORT_COLUMNS as readonly string[]).includes(value);
}

/**
 * Maps the header row to import columns. `mapping` (file column index → column or null)
 * overrides the header name of a column. Columns with an empty header are ignored. Errors
 * (on line 1): unknown names (all listed, with the accepted ones), a column named twice,
 * no popIndex column.
 */
export function mapHeader(headers: readonly string[], mapping?: Record<number, TImportColumn | null>): THeaderMapping {
  const errors: TImportError[] = [];
  const unknown: { name: string; column: number }[] = [];
  const columnMap = headers.map((header, i): TImportColumn | null => {
    const override = mapping?.[i];
    if (override === null) return null;
    if (override !== undefined) {
      if (isImportColumn(override)) return override;
      const message = `the mapping of column ${i + 1} names an unknown column "${String(override)}"; ${ACCEPTED}`;
      errors.push({ line: 1, column: i + 1, field: "", message });
      return null;
    }
    if (header.trim() === "") return null;
    const column = importColumnOf(header);
    if (!column) unknown.push({ name: header.trim(), column: i + 1 });
    return column;
  });
  const first = unknown[0];
  if (first) {
    const names = unknown.map((u) => `"${u.name}" (column ${u.column})`).join(", ");
    const noun = unknown.length === 1 ? "an unknown column name" : "unknown column names";
    errors.push({ line: 1, column: first.column, field: "", message: `the header row has ${noun}: ${names}; ${ACCEPTED}` });
  }
  const firstColumn = new Map<TImportColumn, number>();
  columnMap.forEach((column, i) => {
    if (!column) return;
    const earlier = firstColumn.get(column);
    if (earlier === undefined) firstColumn.set(column, i + 1);
    else {
      const message = `the column ${column} appears twice (columns ${earlier} and ${i + 1})`;
      errors.push({ line: 1, column: i + 1, field: column, message });
    }
  });
  if (!firstColumn.has("popIndex")) {
    errors.push({ line: 1, column: 0, field: "popIndex", message: `the header row has no popIndex column; it is required` });
  }
  return { columnMap, errors };
}
