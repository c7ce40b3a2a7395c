/** A character that broke a rule, with its 1-based position. */
export type TBadChar = { char: string; position: number };

/** True for the printable ASCII range 0x20..0x7E (space to tilde). */
export function isPrintableAsciiCode(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** True for a C0 control character (U+0000..U+001F) or DEL (U+007F). */
export function isControlCode(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

/** True for a character of free text: anything but a control character, except tab, LF and CR. */
export function isMultilineTextCode(code: number): boolean {
  return !isControlCode(code) || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Returns the first character of `value` that `isAllowed` rejects, or null.
 * Iterates by code point so an emoji is reported as one character.
 */
export function findBadChar(value: string, isAllowed: (code: number) => boolean): TBadChar | null {
  let position = 0;
  for (const char of value) {
    position += 1;
    const code = char.codePointAt(0) ?? 0;
    if (!isAllowed(code)) return { char, position };
  }
  return null;
}

/** Human-readable name of a character for error messages: `"-"`, `'"'`, `space`, `tab`, `"é" (U+00E9)`. */
export function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (char === " ") return "space";
  if (char === '"') return `'"'`;
  if (char === "\t") return "tab";
  if (char === "\r" || char === "\n") return "line break";
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code < 0x20 || code === 0x7f) return `control character ${hex}`;
  if (code > 0x7e) return `"${char}" (${hex})`;
  return `"${char}"`;
}

/** Formats a bad character for a message: `space at position 3`. */
export function describeBadChar(bad: TBadChar): string {
  return `${describeChar(bad.char)} at position ${bad.position}`;
}

/** Length in characters (code points), as users count them. */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

/**
 * Message for the first control character (C0 or DEL) of a one-line text, or null:
 * `Description may not contain control characters: control character U+0000 at position 2 is not allowed`.
 */
export function controlCharMessage(label: string, value: string): string | null {
  const bad = findBadChar(value, (code) => !isControlCode(code));
  return bad ? `${label} may not contain control characters: ${describeBadChar(bad)} is not allowed` : null;
}
