import "server-only";
import { AppError } from "./errors";

/**
 * Reads a request body into memory, refusing (413) as soon as it passes `maxBytes` — also for
 * chunked bodies without Content-Length — instead of buffering whatever a client sends.
 */
export async function readBodyLimited(req: Request, maxBytes: number, what = "request body"): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  const limit = `${maxBytes.toLocaleString("en")} bytes`;
  if (declared > maxBytes) throw new AppError("too_large", `The ${what} is ${declared.toLocaleString("en")} bytes; the limit is ${limit}`);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("too_large", `The ${what} is over the limit of ${limit}`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
