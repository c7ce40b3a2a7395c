import { PbkFormatError } from "./pbk-format-error";
import { regionNameFormatProblem } from "./phonebook-name";
import { pbrLines, type TPbkRegion } from "./region-positions";
import { joinCrlf } from "./render-pbk";

/**
 * The .pbr file: the number of positions, then one name per position (a placeholder for a
 * free one, see `pbrLines`), CRLF after each line. With no region: "0\r\n".
 * Throws {@link PbkFormatError} for a name that breaks the format, or positions that clash.
 */
export function renderPbr(regions: readonly TPbkRegion[]): string {
  for (const region of regions) {
    const problem = regionNameFormatProblem(region.name);
    if (problem) throw new PbkFormatError(`Region "${region.id}": ${problem}`);
  }
  const lines = pbrLines(regions);
  return joinCrlf([String(lines.length), ...lines]);
}
