/** Decoded file text, or why the file is refused. */
export type TDecodedText = { ok: true; text: string } | { ok: false; message: string };

const SAVE_AS = "save it as UTF-8 or ASCII";

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

// Length of the sequence a UTF-8 lead byte starts and the valid range of its second byte
// (which excludes overlong forms, surrogates and code points above U+10FFFF).
function sequence(lead: number): { length: number; low: number; high: number } | null {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 2, low: 0x80, high: 0xbf };
  if (lead === 0xe0) return { length: 3, low: 0xa0, high: 0xbf };
  if (lead === 0xed) return { length: 3, low: 0x80, high: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { length: 3, low: 0x80, high: 0xbf };
  if (lead === 0xf0) return { length: 4, low: 0x90, high: 0xbf };
  if (lead === 0xf4) return { length: 4, low: 0x80, high: 0x8f };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 4, low: 0x80, high: 0xbf };
  return null;
}

/**
 * Byte offset where UTF-8 first breaks (the lead byte of a bad or cut-short sequence, or a
 * stray byte), or -1 when the bytes are valid UTF-8.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const seq = sequence(lead);
    if (!seq) return i;
    for (let k = 1; k < seq.length; k++) {
      const byte = bytes[i + k];
      const low = k === 1 ? seq.low : 0x80;
      const high = k === 1 ? seq.high : 0xbf;
      // Report the sequence's lead byte: in a Latin-1 file that is the accented letter.
      if (byte === undefined || byte < low || byte > high) return i;
    }
    i += seq.length;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

function decodeBytes(bytes: Uint8Array): TDecodedText {
  if (bytes.length === 0) return { ok: false, message: "the file is empty" };
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { ok: false, message: `the file is UTF-16 text (byte order mark ${hex(bytes[0] ?? 0)} ${hex(bytes[1] ?? 0)}); ${SAVE_AS}` };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return { ok: false, message: "the file is a ZIP archive or an Excel workbook (.xlsx), not CSV text; save it as CSV UTF-8" };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { ok: false, message: "the file is an Excel 97-2003 workbook (.xls), not CSV text; save it as CSV UTF-8" };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, message: `the file holds binary data (a NUL byte at byte offset ${nul}), not text; ${SAVE_AS}` };
  }
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bom));
    return { ok: true, text };
  } catch {
    const offset = findInvalidUtf8(bytes);
    const where = offset === -1 ? "" : `: invalid byte ${hex(bytes[offset] ?? 0)} at byte offset ${offset} (line ${lineAt(bytes, offset)})`;
    return { ok: false, message: `the file is not UTF-8 text${where}; ${SAVE_AS}` };
  }
}

function checkText(text: string): TDecodedText {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nul = body.indexOf("\0");
  if (nul !== -1) {
    return { ok: false, message: `the file holds binary data (a NUL character at offset ${nul}), not text; ${SAVE_AS}` };
  }
  return { ok: true, text: body };
}

/**
 * Decodes an import file: UTF-8 with or without a BOM (a string is taken as already
 * decoded; a leading U+FEFF is dropped). Refuses UTF-16, spreadsheet binaries, NUL bytes,
 * invalid UTF-8 (naming the byte, its offset and line) and an empty or blank file.
 */
export function decodeImportText(input: Uint8Array | string): TDecodedText {
  const decoded = typeof input === "string" ? checkText(input) : decodeBytes(input);
  if (decoded.ok && decoded.text.trim() === "") return { ok: false, message: "the file is empty" };
  return decoded;
}
