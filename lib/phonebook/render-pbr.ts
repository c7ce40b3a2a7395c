import { PbkFormatError } from "./pbk-format-error";
import { validateRegionName } from "./phonebook-name";
import { sortRegions, type TPbkRegion } from "./region-positions";
import { joinCrlf } from "./render-pbk";

/**
 * The .pbr file: the number of regions, then one name per line in .pbr order
 * (see `compareRegions`), CRLF after each line. With no region: "0\r\n".
 * Throws {@link PbkFormatError} for a name that breaks the region rules.
 */
export function renderPbr(regions: readonly TPbkRegion[]): string {
  const names = sortRegions(regions).map((region) => {
    const problem = validateRegionName(region.name);
    if (problem) throw new PbkFormatError(`Region "${region.id}": ${problem}`);
    return region.name;
  });
  return joinCrlf([String(names.length), ...names]);
}
