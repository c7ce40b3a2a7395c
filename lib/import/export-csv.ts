import Papa from "papaparse";
import { EXPORT_COLUMNS } from "./import-columns";
import { neutraliseFormula } from "./spreadsheet-safety";
import type { TCurrentPop } from "./types";

function exportRow(pop: TCurrentPop): string[] {
  const text = (value: string) => neutraliseFormula(value);
  const optionalNumber = (value: number | null) => (value === null ? "" : String(value));
  return [
    String(pop.popIndex),
    String(pop.countryCode),
    text(pop.region ?? ""),
    text(pop.name),
    text(pop.areaCode),
    text(pop.accessNumber),
    optionalNumber(pop.minSpeed),
    optionalNumber(pop.maxSpeed),
    String(pop.flags),
    text(pop.dialupEntry),
    pop.inService ? "true" : "false",
    text(pop.comment),
  ];
}

/**
 * Writes POPs in the CSV import format, sorted by POP index: a header row, CRLF line ends,
 * every field quoted, and every cell start a spreadsheet would run as a formula (also after
 * ";", tab and "|") prefixed with "'" (see spreadsheet-safety.ts; `parseImport` removes
 * it), so exporting and importing the result in merge mode changes nothing.
 */
export function exportCsv(pops: readonly TCurrentPop[]): string {
  const data = [...pops].sort((a, b) => a.popIndex - b.popIndex).map(exportRow);
  const body = Papa.unparse({ fields: [...EXPORT_COLUMNS], data }, { newline: "\r\n", quotes: true, header: true });
  return `${body}\r\n`;
}
