import { PbkFormatError } from "./pbk-format-error";

/**
 * The .ver file **(convention)**: the decimal version number and CRLF, e.g. "7\r\n".
 * Kept in this one function so the format can change in one place.
 */
export function renderVer(version: number): string {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new PbkFormatError(`Version ${version} is not a whole number of at least 1`);
  }
  return `${version}\r\n`;
}
