import "server-only";
import type { TImportError, TImportStop, TParsedImport } from "@/lib/import/types";
import { AppError } from "@/lib/server/errors";
import { MAX_POPS_PER_PHONEBOOK } from "@/lib/phonebook/limits";

const n = (x: number) => x.toLocaleString("en");

/**
 * The 422 of a file with row errors: the first errors with line, column and field, and the
 * count. When reading stopped at the error cap (`stopped`), the count is a lower bound and
 * the message says where checking stopped; `isTruncated` says the list is not complete.
 */
export function rowErrors(errors: TImportError[], total: number, stopped: TImportStop | null): AppError {
  const first = errors[0];
  const where = first
    ? ` First: line ${first.line}${first.column ? `, column ${first.column}` : ""}${first.field ? ` (${first.field})` : ""}: ${first.message}`
    : "";
  const listed = errors.slice(0, 1000);
  const isTruncated = total > listed.length;
  const isCutShort = stopped?.reason === "errors" && !stopped.isEndOfFile;
  const count = isCutShort ? `more than ${n(listed.length)} errors (checking stopped at line ${n(stopped.line)})` : `${n(total)} error(s)`;
  const list = isTruncated ? ` The first ${n(listed.length)} are listed.` : "";
  return new AppError("validation_failed", `The file has ${count}; nothing was imported.${list}${where}`, {
    errors: listed,
    total,
    isTruncated,
    stoppedAtLine: isCutShort ? stopped.line : null,
  });
}

/**
 * Refuses a parsed file that went past the row limit (413, with the numbers) or has errors
 * (422). `rowLimit` is the limit the parse stopped at: 32,000 rows for a never-published
 * phone book, else `MAX_IMPORT_ROWS`.
 */
export function checkParsed(parsed: TParsedImport, limits: { rowLimit: number; isPublished: boolean }): void {
  const { stopped } = parsed;
  if (stopped?.reason === "rows") {
    const rows = `${n(stopped.rows)}${stopped.isEndOfFile ? "" : " or more"}`;
    const message = limits.isPublished
      ? `This file holds ${rows} rows; an import holds at most ${n(limits.rowLimit)} (each row keeps, adds or deletes one POP, and a phone book holds at most ${n(MAX_POPS_PER_PHONEBOOK)}). Reading stopped at line ${n(stopped.line)}; nothing was imported.`
      : `This file holds ${rows} POPs; a phone book that has never been published accepts at most ${n(limits.rowLimit)} in one import`;
    throw new AppError("too_large", message, {
      limit: limits.rowLimit,
      rows: stopped.rows,
      isExact: stopped.isEndOfFile,
      stoppedAtLine: stopped.line,
    });
  }
  if (parsed.totalErrors > 0) throw rowErrors(parsed.errors, parsed.totalErrors, stopped);
}
