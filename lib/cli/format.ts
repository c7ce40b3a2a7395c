import type { CliError } from "./exit-codes";

/** Plain text table: a header row, then one row per item, columns padded to their widest cell. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")).join("\n");
}

export type TRowError = { line: number; column?: number | null; field?: string | null; message: string };
export type TErrorGroup = {
  field: string;
  /** The message of the group's first row. */
  message: string;
  /** True when the rows' messages differ in a quoted value or a number only ("C" at position 1, "D" at 2). */
  isVaried: boolean;
  count: number;
  lines: number[];
};

const FIRST_LINES = 5;

/** A message without its quoted values and numbers: rows that differ only in those group together. */
const messageShape = (message: string) => message.replace(/"[^"]*"/g, '""').replace(/\d+/g, "0");

/**
 * Import errors grouped by field and message, biggest group first, each with its count and
 * its first lines: 300 rows with the same bad country code read as one problem.
 */
export function groupRowErrors(errors: TRowError[]): TErrorGroup[] {
  const groups = new Map<string, TErrorGroup>();
  for (const error of errors) {
    const field = error.field ?? "(row)";
    const key = `${field}\u0000${messageShape(error.message)}`;
    const group = groups.get(key) ?? { field, message: error.message, isVaried: false, count: 0, lines: [] };
    group.count += 1;
    if (error.message !== group.message) group.isVaried = true;
    if (group.lines.length < FIRST_LINES) group.lines.push(error.line);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.lines[0] ?? 0) - (b.lines[0] ?? 0));
}

export function formatErrorGroups(groups: TErrorGroup[], total: number, isTruncated: boolean): string {
  const lines = groups.map((g) => {
    const more = g.count > g.lines.length ? ", …" : "";
    const where = `${plural(g.count, "row")} (line${g.count > 1 ? "s" : ""} ${g.lines.join(", ")}${more})`;
    const example = g.isVaried ? ` (line ${g.lines[0]}; the others differ in the value)` : "";
    return `  ${g.field}: ${where}: ${g.message}${example}`;
  });
  const counted = groups.reduce((sum, g) => sum + g.count, 0);
  if (isTruncated || total > counted) lines.push(`  (${n(total)} errors in all; the first ${n(counted)} are grouped above)`);
  return lines.join("\n");
}

/** What `pba` prints for a failure: the message, the status and code, and the details that help. */
export function formatCliError(error: CliError): string {
  const { status, code, details } = error.info;
  const head = status ? `error (${status} ${code}): ${error.message}` : `error: ${error.message}`;
  const fields = fieldDetails(details);
  return fields.length ? `${head}\n${fields.map((f) => `  ${f.field}: ${f.message}`).join("\n")}` : head;
}

function fieldDetails(details: unknown): { field: string; message: string }[] {
  if (!details || typeof details !== "object" || !("fields" in details) || !Array.isArray(details.fields)) return [];
  return (details.fields as unknown[]).flatMap((f) =>
    f && typeof f === "object" && "field" in f && "message" in f ? [{ field: String(f.field), message: String(f.message) }] : [],
  );
}

export const n = (x: number) => x.toLocaleString("en");
export const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? "" : "s"}`;
