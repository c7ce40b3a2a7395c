import { PbkFormatError } from "./pbk-format-error";
import { isDeleteLine, pbkLineIndex, splitPbkLines } from "./parse-pbk-line";
import { joinCrlf } from "./render-pbk";

/**
 * A .pbd delete line **(convention)**: the POP index, country code 0, region 0, and the
 * other fields empty — exactly 10 commas.
 */
export function deleteLine(popIndex: number): string {
  return `${popIndex},0,0,,,,,,,,`;
}

function indexLines(text: string, what: string): Map<number, string> {
  const byIndex = new Map<number, string>();
  for (const line of splitPbkLines(text)) {
    const index = pbkLineIndex(line);
    if (byIndex.has(index)) throw new PbkFormatError(`POP index ${index} appears twice in the ${what}`);
    byIndex.set(index, line);
  }
  return byIndex;
}

function sortedText(entries: [number, string][]): string {
  entries.sort((a, b) => a[0] - b[0]);
  return joinCrlf(entries.map((entry) => entry[1]));
}

/**
 * The .pbd delta from one rendered .pbk to another **(convention, SPEC §3)**: the full new
 * line of every POP added or whose rendered line changed (so a region renumbering counts),
 * and a {@link deleteLine} for every POP of the old file missing from the new one; sorted by
 * POP index, CRLF after each line. "" when nothing changed.
 */
export function computeDelta(oldPbk: string, newPbk: string): string {
  const old = indexLines(oldPbk, "old phone book");
  const entries: [number, string][] = [];
  const seen = new Set<number>();
  for (const line of splitPbkLines(newPbk)) {
    const index = pbkLineIndex(line);
    if (seen.has(index)) throw new PbkFormatError(`POP index ${index} appears twice in the new phone book`);
    seen.add(index);
    if (old.get(index) !== line) entries.push([index, line]);
    old.delete(index);
  }
  for (const index of old.keys()) entries.push([index, deleteLine(index)]);
  return sortedText(entries);
}

/**
 * Applies a .pbd to a .pbk as a Connection Manager client does: upsert lines by POP index,
 * drop the indexes of country-code-0 lines, write sorted by POP index with CRLF.
 * `applyDelta(a, computeDelta(a, b)) === b` for every pair of rendered .pbk files.
 */
export function applyDelta(oldPbk: string, pbd: string): string {
  const lines = indexLines(oldPbk, "phone book");
  for (const line of splitPbkLines(pbd)) {
    const index = pbkLineIndex(line);
    if (isDeleteLine(line)) lines.delete(index);
    else lines.set(index, line);
  }
  return sortedText([...lines.entries()]);
}

/** Counts of a .pbd: lines that add or replace a POP, and delete lines. */
export function summarizeDelta(pbd: string): { upserts: number; deletes: number } {
  let upserts = 0;
  let deletes = 0;
  for (const line of splitPbkLines(pbd)) {
    if (isDeleteLine(line)) deletes += 1;
    else upserts += 1;
  }
  return { upserts, deletes };
}

/** Line-level difference of two .pbk files for a UI, each list sorted by POP index. */
export type TPbkDiff = {
  added: string[];
  changed: { before: string; after: string }[];
  removed: string[];
};

/** Compares two .pbk files line by line, keyed by POP index. */
export function diffPbk(oldPbk: string, newPbk: string): TPbkDiff {
  const old = indexLines(oldPbk, "old phone book");
  const next = indexLines(newPbk, "new phone book");
  const byIndex = (a: [number, unknown], b: [number, unknown]) => a[0] - b[0];
  const added: [number, string][] = [];
  const changed: [number, { before: string; after: string }][] = [];
  const removed: [number, string][] = [];
  for (const [index, after] of next) {
    const before = old.get(index);
    if (before === undefined) added.push([index, after]);
    else if (before !== after) changed.push([index, { before, after }]);
  }
  for (const [index, before] of old) if (!next.has(index)) removed.push([index, before]);
  return {
    added: added.sort(byIndex).map((e) => e[1]),
    changed: changed.sort(byIndex).map((e) => e[1]),
    removed: removed.sort(byIndex).map((e) => e[1]),
  };
}
