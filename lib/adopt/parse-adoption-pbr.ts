import { validateRegionName } from "@/lib/phonebook";
import { splitFileLines } from "./split-lines";
import type { TAdoptedRegion, TAdoptionFile, TAdoptionIssue } from "./types";

/**
 * Reads a legacy .pbr: the first line is the number of regions, then one name per line; a
 * name's line number minus one is its position, which the .pbk's region field refers to.
 * Errors: a first line that is not a number or does not match the count of names, a name
 * our region rules refuse, a name listed twice (any letter case). Warnings: blank lines after
 * the last name (ignored), spaces around a name (dropped).
 */
export function parseAdoptionPbr(file: TAdoptionFile): {
  regions: TAdoptedRegion[];
  /** The number of positions the file lists (valid names or not). */
  positions: number;
  errors: TAdoptionIssue[];
  warnings: TAdoptionIssue[];
} {
  const errors: TAdoptionIssue[] = [];
  const warnings: TAdoptionIssue[] = [];
  const issue = (line: number | null, message: string): TAdoptionIssue => ({ file: file.name, line, message });
  const lines = splitFileLines(file.bytes);
  let end = lines.length;
  while (end > 1 && lines[end - 1]?.trim() === "") end--;
  if (end < lines.length) warnings.push(issue(end + 1, `${lines.length - end} blank line(s) after the last region are ignored`));

  const first = lines[0];
  if (first === undefined)
    return {
      regions: [],
      positions: 0,
      errors: [issue(null, "The .pbr is empty; its first line must be the number of regions")],
      warnings,
    };
  const count = first.trim();
  const names = lines.slice(1, end);
  if (!/^[0-9]{1,6}$/.test(count)) {
    errors.push({ ...issue(1, `The first line must be the number of regions (got ${JSON.stringify(first.slice(0, 40))})`), column: 1 });
  } else if (Number(count) !== names.length) {
    errors.push({ ...issue(1, `The first line says ${Number(count)} region(s), but the file lists ${names.length}`), column: 1 });
  }

  const regions: TAdoptedRegion[] = [];
  const seen = new Map<string, number>();
  names.forEach((raw, i) => {
    const line = i + 2;
    const name = raw.trim();
    const problem = validateRegionName(name);
    if (problem) {
      errors.push({ ...issue(line, problem), column: 1 });
      return;
    }
    if (name !== raw) warnings.push(issue(line, `Region name ${JSON.stringify(raw)} is stored without its surrounding spaces`));
    const key = name.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({
        ...issue(
          line,
          `Region ${JSON.stringify(name)} is already listed on line ${earlier}; region names must differ (in any letter case)`,
        ),
        column: 1,
      });
      return;
    }
    seen.set(key, line);
    regions.push({ position: i + 1, name });
  });
  return { regions, positions: names.length, errors, warnings };
}
