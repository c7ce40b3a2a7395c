/**
 * Thrown when data cannot be written as a valid phone book file (a comma or non-ASCII
 * character in a field, a number out of range, an unknown region, a duplicate POP index).
 * Validated data never triggers it: it guards the file format against bugs upstream.
 */
export class PbkFormatError extends Error {
  /** POP index of the offending POP, when one is concerned. */
  readonly popIndex: number | undefined;

  constructor(message: string, popIndex?: number) {
    super(popIndex === undefined ? message : `POP ${popIndex}: ${message}`);
    this.name = "PbkFormatError";
    this.popIndex = popIndex;
  }
}
