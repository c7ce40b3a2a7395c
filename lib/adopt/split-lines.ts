/**
 * The lines of a phone book file as a client reads them: bytes as Latin-1 (one character per
 * byte, so a stray byte above 0x7F is reported, never decoded away), split at LF with a CR
 * before it dropped. A final line end does not start another line.
 */
export function splitFileLines(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith("\r")) lines[i] = line.slice(0, -1);
  }
  return lines;
}
