import { AsciiWriter } from "./ascii-writer";
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

function checkInt(value: number, field: string, min: number, max: number, popIndex: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PbkFormatError(`${field} ${value} is not a whole number from ${min} to ${max}`, popIndex);
  }
  return value;
}

function badText(field: string, value: string, popIndex: number): PbkFormatError {
  return new PbkFormatError(`${field} ${JSON.stringify(value)} holds a comma or a character outside printable ASCII`, popIndex);
}

function writeText(out: AsciiWriter, value: string, field: string, popIndex: number): void {
  if (!out.field(value)) throw badText(field, value, popIndex);
}

function writeSpeed(out: AsciiWriter, value: number | null, field: string, popIndex: number): void {
  if (value !== null) out.uint(checkInt(value, field, 0, MAX_SPEED, popIndex));
}

/** Writes one line without its line end; the single definition of the .pbk line format. */
function writePbkLine(out: AsciiWriter, pop: TPbkPop, positions: ReadonlyMap<string, number>): void {
  const index = checkInt(pop.popIndex, "POP index", 1, MAX_POP_INDEX, pop.popIndex);
  let regionPos = 0;
  if (pop.regionId !== null) {
    const position = positions.get(pop.regionId);
    if (position === undefined) throw new PbkFormatError(`region id "${pop.regionId}" is not in this phone book`, index);
    regionPos = position;
  }
  const COMMA = 0x2c;
  // 6 numbers of at most 10 digits, 10 commas, "0", CR LF: 73 bytes besides the text fields.
  out.reserve(80 + pop.name.length + pop.areaCode.length + pop.accessNumber.length + pop.dialupEntry.length);
  out.uint(index);
  out.byte(COMMA);
  out.uint(checkInt(pop.countryCode, "Country code", 1, MAX_COUNTRY_CODE, index));
  out.byte(COMMA);
  out.uint(regionPos);
  out.byte(COMMA);
  writeText(out, pop.name, "Name", index);
  out.byte(COMMA);
  writeText(out, pop.areaCode, "Area code", index);
  out.byte(COMMA);
  writeText(out, pop.accessNumber, "Access number", index);
  out.byte(COMMA);
  writeSpeed(out, pop.minSpeed, "Minimum speed", index);
  out.byte(COMMA);
  writeSpeed(out, pop.maxSpeed, "Maximum speed", index);
  out.byte(COMMA);
  out.byte(0x30); // the 9th field is always 0
  out.byte(COMMA);
  out.uint(checkInt(pop.flags, "Flags", 0, MAX_FLAGS, index));
  out.byte(COMMA);
  writeText(out, pop.dialupEntry, "Dial-up entry", index);
}

/**
 * One .pbk line (no line end), MS-CPSP field order:
 * `popIndex,countryCode,regionPos,name,areaCode,accessNumber,minSpeed,maxSpeed,0,flags,dialupEntry`.
 * regionPos is 0 for a POP without region ("all regions"). Throws {@link PbkFormatError} for
 * an unknown region id or a value that would break the format.
 */
export function renderPbkLine(pop: TPbkPop, positions: ReadonlyMap<string, number>): string {
  const out = new AsciiWriter(256);
  writePbkLine(out, pop, positions);
  return out.toString();
}

/** Joins lines with CRLF after each line ("" for no line). */
export function joinCrlf(lines: readonly string[]): string {
  return lines.length === 0 ? "" : lines.join("\r\n") + "\r\n";
}

function writePbk(input: { pops: readonly TPbkPop[]; regions: readonly TPbkRegion[] }): AsciiWriter {
  const positions = regionPositions(input.regions);
  const pops = input.pops.filter((pop) => pop.inService).sort((a, b) => a.popIndex - b.popIndex);
  const out = new AsciiWriter(pops.length * 80 + 64);
  let previous = 0;
  for (const pop of pops) {
    if (pop.popIndex === previous) throw new PbkFormatError("POP index appears twice", pop.popIndex);
    previous = pop.popIndex;
    writePbkLine(out, pop, positions);
    out.crlf();
  }
  return out;
}

/**
 * The .pbk file: one line per in-service POP, sorted by POP index, CRLF after each line,
 * ASCII only. Out-of-service POPs are left out; an empty phone book gives "".
 * Throws {@link PbkFormatError} on a duplicate POP index among in-service POPs.
 */
export function renderPbk(input: { pops: readonly TPbkPop[]; regions: readonly TPbkRegion[] }): string {
  return writePbk(input).toString();
}

/** {@link renderPbk} as bytes (ASCII), ready for a cabinet or storage without re-encoding. */
export function renderPbkBytes(input: { pops: readonly TPbkPop[]; regions: readonly TPbkRegion[] }): Uint8Array {
  return writePbk(input).toBytes();
}
