import { MAX_VERSIONS } from "@/lib/phonebook";
import { splitFileLines } from "./split-lines";
import { adoptionErrors, type TAdoptionFile, type TAdoptionResult } from "./types";

/** How issues about the `version` query parameter name their "file". */
export const VERSION_PARAM = "query parameter version";

function parseNumber(text: string, file: string, line: number | null): TAdoptionResult<number> {
  const digits = text.trim();
  const value = /^[0-9]{1,10}$/.test(digits) ? Number(digits) : NaN;
  if (!(value >= 1 && value <= MAX_VERSIONS)) {
    const message = `The version must be a whole number from 1 to ${MAX_VERSIONS.toLocaleString("en-US")} (got ${JSON.stringify(text.slice(0, 40))})`;
    return adoptionErrors([{ file, line, message }]);
  }
  return { ok: true, value };
}

/**
 * The version the adopted phone book is at: the number in the `.ver` file (its first line)
 * and/or the `version=N` query parameter. Both given and different, neither given, or a
 * number outside 1..32,676 is an error.
 */
export function parseAdoptionVersion(ver: TAdoptionFile | null, versionParam: string | null | undefined): TAdoptionResult<number> {
  const hasParam = versionParam !== null && versionParam !== undefined;
  if (!ver && !hasParam) {
    return adoptionErrors([
      { file: ".ver", line: null, message: "No version given: the upload holds no .ver file and the query has no version=N" },
    ]);
  }
  let fromFile: number | null = null;
  if (ver) {
    const lines = splitFileLines(ver.bytes);
    const extra = lines.slice(1).some((line) => line.trim() !== "");
    if (extra) return adoptionErrors([{ file: ver.name, line: 2, message: "A .ver file holds one line, the version number" }]);
    const parsed = parseNumber(lines[0] ?? "", ver.name, 1);
    if (!parsed.ok) return parsed;
    fromFile = parsed.value;
  }
  if (!hasParam) return { ok: true, value: fromFile as number };
  const fromParam = parseNumber(versionParam, VERSION_PARAM, null);
  if (!fromParam.ok || fromFile === null || fromFile === fromParam.value) return fromParam;
  return adoptionErrors([
    {
      file: ver?.name ?? ".ver",
      line: 1,
      message: `The .ver file says version ${fromFile}, but the query says version=${fromParam.value}`,
    },
  ]);
}
