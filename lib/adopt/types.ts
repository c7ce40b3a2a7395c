import type { TPopFields } from "@/lib/phonebook";

/**
 * One problem with an adoption upload: the file it is in (the name as uploaded, or what is
 * missing), the 1-based line and column when it is about a line, and the reason.
 */
export type TAdoptionIssue = { file: string; line: number | null; column?: number; message: string };

/** A file of the upload, its bytes exactly as uploaded. */
export type TAdoptionFile = { name: string; bytes: Uint8Array };

/** The files an adoption needs, found in the upload. */
export type TAdoptionFiles = {
  /** What the upload was: a cabinet, a zip, or separate (multipart) files. */
  container: "cab" | "zip" | "files";
  pbk: TAdoptionFile;
  pbr: TAdoptionFile;
  ver: TAdoptionFile | null;
  /** Names of other files in the upload, which adoption does not read. */
  ignored: string[];
};

/** A POP of the adopted .pbk: every field as our POP model holds it, plus its place. */
export type TAdoptedPop = TPopFields & {
  /** The .pbr position of its region; 0 for "all regions". */
  regionPosition: number;
  /** The 1-based .pbk line it came from. */
  line: number;
};

/** A region of the adopted .pbr, at its 1-based position. */
export type TAdoptedRegion = { position: number; name: string };

/** What an adoption would write: the parsed phone book and the original bytes to store. */
export type TAdoption = {
  version: number;
  pops: TAdoptedPop[];
  regions: TAdoptedRegion[];
  /** The first {@link MAX_ADOPTION_ISSUES} warnings, in file and line order. */
  warnings: TAdoptionIssue[];
  /** How many warnings there are in all. */
  totalWarnings: number;
  /** The .pbk and .pbr to store byte for byte (and the .ver when there was one). */
  files: { pbk: TAdoptionFile; pbr: TAdoptionFile; ver: TAdoptionFile | null };
};

/** Most issues of each kind (errors, warnings) a result lists; the totals count them all. */
export const MAX_ADOPTION_ISSUES = 1_000;

/** Either the value or the problems found: the first {@link MAX_ADOPTION_ISSUES}, and how many in all. */
export type TAdoptionResult<T> = { ok: true; value: T } | { ok: false; errors: TAdoptionIssue[]; totalErrors: number };

/** An error result listing `errors` (at most {@link MAX_ADOPTION_ISSUES} of them). */
export function adoptionErrors(errors: TAdoptionIssue[]): { ok: false; errors: TAdoptionIssue[]; totalErrors: number } {
  return { ok: false, errors: errors.slice(0, MAX_ADOPTION_ISSUES), totalErrors: errors.length };
}
