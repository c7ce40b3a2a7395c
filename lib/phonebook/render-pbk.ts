import { MAX_COUNTRY_CODE, MAX_FLAGS, MAX_POP_INDEX, MAX_SPEED } from "./limits";
import { PbkFormatError } from "./pbk-format-error";
import { regionPositions, type TPbkRegion } from "./region-positions";

/** A POP as the .pbk writer needs it (normalised: empty optional text is ""). */
export type TPbkPop = {
  popIndex: number;
  countryCode: number;
  regionId: string | null;
  name: string;
  areaCode: string;
  accessNumber: string;
  minSpeed: number | null;
  maxSpeed: number | null;
  flags: number;
  dialupEntry: string;
  inService: boolean;
};

// Printable ASCII without a comma: anything else would break the 11-field line.
const SAFE_FIELD = /^[\x20-\x2b\x2d-\x7e]*$/;

function checkText(value: string, field: string, popIndex: number): string {
  if (!SAFE_FIELD.test(value)) {
    throw new PbkFormatError(`${field} ${JSON.stringify(value)} holds a comma or a character outside printable ASCII`, popIndex);
  }
  return value;
}

function checkInt(value: number, field: string, min: number, max: number, popIndex: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PbkFormatError(`${field} ${value} is not a whole number from ${min} to ${max}`, popIndex);
  }
  return value;
}

function speed(value: number | null, field: string, popIndex: number): string {
  return value === null ? "" : String(checkInt(value, field, 0, MAX_SPEED, popIndex));
}

/**
 * One .pbk line (no line end), MS-CPSP field order:
 * `popIndex,countryCode,regionPos,name,areaCode,accessNumber,minSpeed,maxSpeed,0,flags,dialupEntry`.
 * regionPos is 0 for a POP without region ("all regions"). Throws {@link PbkFormatError} for
 * an unknown region id or a value that would break the format.
 */
export function renderPbkLine(pop: TPbkPop, positions: ReadonlyMap<string, number>): string {
  const index = checkInt(pop.popIndex, "POP index", 1, MAX_POP_INDEX, pop.popIndex);
  let regionPos = 0;
  if (pop.regionId !== null) {
    const position = positions.get(pop.regionId);
    if (position === undefined) throw new PbkFormatError(`region id "${pop.regionId}" is not in this phone book`, index);
    regionPos = position;
  }
  return (
    index +
    "," +
    checkInt(pop.countryCode, "Country code", 1, MAX_COUNTRY_CODE, index) +
    "," +
    regionPos +
    "," +
    checkText(pop.name, "Name", index) +
    "," +
    checkText(pop.areaCode, "Area code", index) +
    "," +
    checkText(pop.accessNumber, "Access number", index) +
    "," +
    speed(pop.minSpeed, "Minimum speed", index) +
    "," +
    speed(pop.maxSpeed, "Maximum speed", index) +
    ",0," +
    checkInt(pop.flags, "Flags", 0, MAX_FLAGS, index) +
    "," +
    checkText(pop.dialupEntry, "Dial-up entry", index)
  );
}

/** Joins lines with CRLF after each line ("" for no line). */
export function joinCrlf(lines: readonly string[]): string {
  return lines.length === 0 ? "" : lines.join("\r\n") + "\r\n";
}

/**
 * The .pbk file: one line per in-service POP, sorted by POP index, CRLF after each line,
 * ASCII only. Out-of-service POPs are left out; an empty phone book gives "".
 * Throws {@link PbkFormatError} on a duplicate POP index among in-service POPs.
 */
export function renderPbk(input: { pops: readonly TPbkPop[]; regions: readonly TPbkRegion[] }): string {
  const positions = regionPositions(input.regions);
  const pops = input.pops.filter((pop) => pop.inService).sort((a, b) => a.popIndex - b.popIndex);
  const lines = new Array<string>(pops.length);
  let previous = 0;
  for (let i = 0; i < pops.length; i++) {
    const pop = pops[i] as TPbkPop;
    if (pop.popIndex === previous) throw new PbkFormatError("POP index appears twice", pop.popIndex);
    previous = pop.popIndex;
    lines[i] = renderPbkLine(pop, positions);
  }
  return joinCrlf(lines);
}
