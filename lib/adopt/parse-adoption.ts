import { parseAdoptionPbk } from "./parse-adoption-pbk";
import { parseAdoptionPbr } from "./parse-adoption-pbr";
import { parseAdoptionVersion } from "./parse-adoption-version";
import { MAX_ADOPTION_ISSUES, adoptionErrors, type TAdoption, type TAdoptionFile, type TAdoptionResult } from "./types";

export type TParseAdoptionInput = {
  pbk: TAdoptionFile;
  pbr: TAdoptionFile;
  ver?: TAdoptionFile | null;
  /** The `version` query parameter as given (null/undefined when absent). */
  versionParam?: string | null;
};

/**
 * Reads a legacy phone book (the files {@link readAdoptionUpload} found) into what adoption
 * writes: the version, every POP with every field as our POP model holds it, the regions at
 * their .pbr positions, warnings for what we normalise, and the original files to store
 * byte for byte. Every error of every file is reported at once, each with file, line and
 * (for a field) column. Pure: no I/O, never throws for bad input.
 */
export function parseAdoption(input: TParseAdoptionInput): TAdoptionResult<TAdoption> {
  const ver = input.ver ?? null;
  const version = parseAdoptionVersion(ver, input.versionParam);
  const pbr = parseAdoptionPbr(input.pbr);
  const pbk = parseAdoptionPbk(input.pbk, pbr.positions);
  const errors = [...(version.ok ? [] : version.errors), ...pbr.errors, ...pbk.errors];
  if (errors.length > 0) return adoptionErrors(errors);
  if (!version.ok) return version;
  const warnings = [...pbr.warnings, ...pbk.warnings];
  return {
    ok: true,
    value: {
      version: version.value,
      pops: pbk.pops,
      regions: pbr.regions,
      warnings: warnings.slice(0, MAX_ADOPTION_ISSUES),
      totalWarnings: warnings.length,
      files: { pbk: input.pbk, pbr: input.pbr, ver },
    },
  };
}
