// Spreadsheet formula injection: a cell starting with one of these is run as a formula by
// Excel/LibreOffice. The export prefixes such cells with "'" and the import removes it.
function isFormulaStart(code: number): boolean {
  return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === 0x09 || code === 0x0d;
}

const QUOTE = 0x27;

// Index of the first character after the leading "'" characters.
function afterQuotes(cell: string): number {
  let i = 0;
  while (cell.charCodeAt(i) === QUOTE) i++;
  return i;
}

/**
 * Neutralises a cell for spreadsheets: prefixes one "'" when the cell, after any leading
 * "'" characters, starts with `=`, `+`, `-`, `@`, tab or CR. Counting the leading quotes
 * makes the mapping reversible: `'=x` is written `''=x` and read back as `'=x`.
 */
export function neutraliseFormula(cell: string): string {
  const i = afterQuotes(cell);
  return i < cell.length && isFormulaStart(cell.charCodeAt(i)) ? `'${cell}` : cell;
}

/** Inverse of {@link neutraliseFormula}: drops one leading "'" when what follows the quotes starts a formula. */
export function restoreFormula(cell: string): string {
  if (cell.charCodeAt(0) !== QUOTE) return cell;
  const i = afterQuotes(cell);
  return i < cell.length && isFormulaStart(cell.charCodeAt(i)) ? cell.slice(1) : cell;
}
