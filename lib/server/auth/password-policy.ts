import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { invalidInput } from "@/lib/server/errors";

/**
 * The list shipped with the app (lib/server/auth/common-passwords.txt.gz, about 110,000
 * entries of 10+ characters): loaded once, on the first check, from the working directory
 * the server runs in.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (common) return common;
  const file = path.join(process.cwd(), "lib/server/auth/common-passwords.txt.gz");
  const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
  common = new Set(lines.filter((l) => l && !l.startsWith("#")));
  return common;
}

/** True when `password` (ignoring case) is on the list of common passwords. */
export const isCommonPassword = (password: string): boolean => commonPasswords().has(password.toLowerCase());

/**
 * Refuses a new password that is on the common list (the length rule is in the shared zod
 * schema ZPassword); 400 naming `field`.
 */
export function assertPasswordAllowed(password: string, field = "password"): void {
  if (isCommonPassword(password)) {
    const message = "This password is on a list of common passwords that attackers try first: choose another";
    throw invalidInput(message, [{ field, message }]);
  }
}
