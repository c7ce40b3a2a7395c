import type { TImportFormat } from "./types";

/** How a file is laid out: its format, field delimiter and line break. */
export type TImportLayout = { format: TImportFormat; delimiter: "," | ";"; newline: "\r\n" | "\n" | "\r" };

function detectNewline(text: string): TImportLayout["newline"] {
  const lf = text.indexOf("\n");
  if (lf === -1) return text.includes("\r") ? "\r" : "\n";
  return lf > 0 && text.charCodeAt(lf - 1) === 0x0d ? "\r\n" : "\n";
}

// Counts "," and ";" outside double quotes in the header line.
function countDelimiters(line: string): { commas: number; semicolons: number } {
  let commas = 0;
  let semicolons = 0;
  let isQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x22) isQuoted = !isQuoted;
    else if (!isQuoted && c === 0x2c) commas++;
    else if (!isQuoted && c === 0x3b) semicolons++;
  }
  return { commas, semicolons };
}

/**
 * Detects the layout from the first line: PBA's headerless POP format when its first field
 * is a whole number (no header name is), else CSV with a header row, delimited by ";" when
 * the header has more semicolons than commas, else ",".
 */
export function detectLayout(text: string): TImportLayout {
  const newline = detectNewline(text);
  const end = text.indexOf(newline === "\r\n" ? "\n" : newline);
  const firstLine = (end === -1 ? text : text.slice(0, end)).replace(/\r$/, "");
  const firstField =
    firstLine
      .split(/[,;]/, 1)[0]
      ?.trim()
      .replace(/^"(.*)"$/, "$1")
      .trim() ?? "";
  if (/^[0-9]+$/.test(firstField)) return { format: "pba", delimiter: ",", newline };
  const { commas, semicolons } = countDelimiters(firstLine);
  return { format: "csv", delimiter: semicolons > commas ? ";" : ",", newline };
}
