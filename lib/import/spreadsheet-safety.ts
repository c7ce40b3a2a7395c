// Spreadsheet formula injection: a cell starting with one of these is run as a formula by
// Excel/LibreOffice. A spreadsheet may also split a cell at ";" (the list separator of many
// locales), tab or "|" (separators offered on import), so every piece after one of those
// counts as a cell start too. The export prefixes each such start with "'" and the import
// removes it.
function isFormulaStart(code: number): boolean {
  return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === 0x09 || code === 0x0d;
}

function isSeparator(code: number): boolean {
  return code === 0x3b || code === 0x09 || code === 0x7c;
}

const QUOTE = 0x27;

// Index 0 and the index after every separator: where a spreadsheet may start a cell.
function pieceStarts(cell: string): number[] {
  const starts = [0];
  for (let i = 0; i < cell.length; i++) if (isSeparator(cell.charCodeAt(i))) starts.push(i + 1);
  return starts;
}

// True when the piece at `start`, after its leading "'" characters, starts a formula.
function startsFormula(cell: string, start: number): boolean {
  let i = start;
  while (cell.charCodeAt(i) === QUOTE) i++;
  return i < cell.length && isFormulaStart(cell.charCodeAt(i));
}

/**
 * Neutralises a cell for spreadsheets: at the start of the cell and after every ";", tab
 * or "|", prefixes one "'" when what follows (after any "'" characters already there)
 * starts with `=`, `+`, `-`, `@`, tab or CR. Counting the quotes already there makes the
 * mapping reversible: `'=x` is written `''=x` and read back as `'=x`; the inserted "'"
 * is never a separator, so {@link restoreFormula} finds the same piece starts.
 */
export function neutraliseFormula(cell: string): string {
  let out = "";
  let done = 0;
  for (const start of pieceStarts(cell)) {
    if (!startsFormula(cell, start)) continue;
    out += `${cell.slice(done, start)}'`;
    done = start;
  }
  return out === "" ? cell : out + cell.slice(done);
}

/**
 * Inverse of {@link neutraliseFormula}: at the start of the cell and after every ";", tab
 * or "|", drops one "'" when what follows the quotes there starts a formula.
 */
export function restoreFormula(cell: string): string {
  if (!cell.includes("'")) return cell;
  let out = "";
  let done = 0;
  for (const start of pieceStarts(cell)) {
    if (cell.charCodeAt(start) !== QUOTE || !startsFormula(cell, start)) continue;
    out += cell.slice(done, start);
    done = start + 1;
  }
  return out + cell.slice(done);
}
