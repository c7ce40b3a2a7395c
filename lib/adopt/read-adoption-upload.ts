import JSZip from "jszip";
import { isCabError, readCabinet } from "@/lib/cab";
import { adoptionErrors, type TAdoptionFile, type TAdoptionFiles, type TAdoptionIssue, type TAdoptionResult } from "./types";

/** The body of an adoption request: a cabinet or zip as posted, or the files of a multipart form. */
export type TAdoptionUpload = { contentType: string; bytes: Uint8Array } | { files: readonly TAdoptionFile[] };

/**
 * Most bytes the files of an upload may unpack to (in all): 65,000 POP lines of the longest
 * fields are about 14 MB, so more is not a phone book, and a small archive that would unpack
 * to gigabytes is stopped early.
 */
export const MAX_ADOPTION_BYTES = 32 * 1024 * 1024;
const LIMIT = `more than ${MAX_ADOPTION_BYTES / 1024 / 1024} MiB; no phone book of 65,000 POPs is that large`;
const TOO_LARGE = `unpacks to ${LIMIT}`;

export const CAB_CONTENT_TYPE = "application/vnd.ms-cab-compressed";
export const ZIP_CONTENT_TYPE = "application/zip";

type TKind = "cab" | "zip";

const CONTENT_TYPES: ReadonlyMap<string, TKind | null> = new Map([
  [CAB_CONTENT_TYPE, "cab"],
  [ZIP_CONTENT_TYPE, "zip"],
  ["application/x-zip-compressed", "zip"],
  ["application/octet-stream", null],
]);

const BODY = "request body";

function fail(file: string, message: string): TAdoptionResult<never> {
  return adoptionErrors([{ file, line: null, message }]);
}

/** "cab" for "MSCF", "zip" for "PK\3\4" (or an empty zip's "PK\5\6"), else null. */
function sniff(bytes: Uint8Array): TKind | null {
  const at = (i: number) => bytes[i];
  if (at(0) === 0x4d && at(1) === 0x53 && at(2) === 0x43 && at(3) === 0x46) return "cab";
  if (at(0) === 0x50 && at(1) === 0x4b && ((at(2) === 3 && at(3) === 4) || (at(2) === 5 && at(3) === 6))) return "zip";
  return null;
}

/** The first bytes in hex and as text, for "not a cab or zip" messages. */
export function describeFirstBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return "it is empty";
  const head = Array.from(bytes.subarray(0, 8));
  const hex = head.map((b) => b.toString(16).padStart(2, "0")).join(" ");
  const text = head.map((b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : ".")).join("");
  return `it starts with ${hex} ("${text}"); a cabinet starts with "MSCF", a zip with "PK"`;
}

function extension(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase();
}

function baseName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
}

// "The zip" for the request body, "The zip legacy.zip" for an uploaded file.
function where(what: string, file: string): string {
  return file === BODY ? what : `${what} ${file}`;
}

function pickFiles(
  container: TAdoptionFiles["container"],
  files: readonly TAdoptionFile[],
  where: string,
): TAdoptionResult<TAdoptionFiles> {
  const byExt = new Map<string, TAdoptionFile[]>();
  const ignored: string[] = [];
  for (const file of files) {
    const ext = extension(file.name);
    if (ext === "pbk" || ext === "pbr" || ext === "ver") byExt.set(ext, [...(byExt.get(ext) ?? []), file]);
    else ignored.push(file.name);
  }
  const errors: TAdoptionIssue[] = [];
  const one = (ext: string, required: boolean): TAdoptionFile | null => {
    const found = byExt.get(ext) ?? [];
    if (found.length > 1) {
      const names = found.map((f) => JSON.stringify(f.name)).join(" and ");
      errors.push({
        file: found[1]?.name ?? where,
        line: null,
        message: `${where} holds ${found.length} .${ext} files (${names}); an adoption takes exactly one`,
      });
    } else if (found.length === 0 && required) {
      errors.push({
        file: `.${ext}`,
        line: null,
        message: `${where} holds no .${ext} file (found: ${files.map((f) => JSON.stringify(f.name)).join(", ") || "nothing"})`,
      });
    }
    return found.length === 1 ? (found[0] ?? null) : null;
  };
  const pbk = one("pbk", true);
  const pbr = one("pbr", true);
  const ver = one("ver", false);
  if (errors.length > 0 || !pbk || !pbr) return adoptionErrors(errors);
  const size = pbk.bytes.length + pbr.bytes.length + (ver?.bytes.length ?? 0);
  if (size > MAX_ADOPTION_BYTES) return fail(pbk.name, `The .pbk, .pbr and .ver hold ${size.toLocaleString("en-US")} bytes, ${LIMIT}`);
  return { ok: true, value: { container, pbk, pbr, ver, ignored } };
}

function readCab(bytes: Uint8Array, file: string): TAdoptionResult<TAdoptionFiles> {
  try {
    const cab = readCabinet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { maxBytes: MAX_ADOPTION_BYTES });
    const files = cab.files.map((f) => ({ name: f.name, bytes: f.data }));
    return pickFiles("cab", files, where("The cabinet", file));
  } catch (e) {
    if (!isCabError(e)) throw e;
    if (e.code === "TOO_LARGE") return fail(file, `The cabinet ${TOO_LARGE}`);
    return fail(file, `The cabinet cannot be read: ${e.message}`);
  }
}

// Streams one entry, giving up (null) once the upload's byte budget is spent: jszip's own
// `async()` would inflate a zip bomb whole before anything could check its size.
async function readEntry(entry: JSZip.JSZipObject, budget: { left: number }): Promise<Uint8Array | null> {
  // jszip's stream is a readable-stream 2 (events, no async iterator).
  const stream = entry.nodeStream("nodebuffer");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    stream.on("data", (chunk: Buffer) => {
      if (done) return;
      budget.left -= chunk.length;
      if (budget.left < 0) {
        done = true;
        stream.pause();
        resolve(null);
      } else {
        chunks.push(chunk);
      }
    });
    stream.on("error", (e: Error) => {
      if (!done) reject(e);
      done = true;
    });
    stream.on("end", () => {
      if (!done) resolve(new Uint8Array(Buffer.concat(chunks)));
      done = true;
    });
  });
}

async function readZip(bytes: Uint8Array, file: string): Promise<TAdoptionResult<TAdoptionFiles>> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  } catch (e) {
    return fail(file, `The zip cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const files: TAdoptionFile[] = [];
  const budget = { left: MAX_ADOPTION_BYTES };
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const ext = extension(entry.name);
    if (ext !== "pbk" && ext !== "pbr" && ext !== "ver") {
      files.push({ name: entry.name, bytes: new Uint8Array(0) });
      continue;
    }
    let data: Uint8Array | null;
    try {
      data = await readEntry(entry, budget);
    } catch (e) {
      return fail(entry.name, `The zip entry cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (data === null) return fail(file, `The zip ${TOO_LARGE}`);
    files.push({ name: entry.name, bytes: data });
  }
  return pickFiles("zip", files, where("The zip", file));
}

async function readArchive(kind: TKind, bytes: Uint8Array, file: string): Promise<TAdoptionResult<TAdoptionFiles>> {
  return kind === "cab" ? readCab(bytes, file) : readZip(bytes, file);
}

/**
 * Finds the files of an adoption in an upload: exactly one `.pbk`, one `.pbr` and at most
 * one `.ver`, by extension in any letter case. The upload is a cabinet as PBA posted it
 * (MSZIP or stored folders; read with lib/cab), a zip, or multipart files (a single `.cab`
 * or `.zip` among them is opened). Other files are listed in `ignored`. Never throws for
 * bad input: every problem is an issue naming the file and the reason.
 */
export async function readAdoptionUpload(upload: TAdoptionUpload): Promise<TAdoptionResult<TAdoptionFiles>> {
  if ("files" in upload) {
    const archives = upload.files.filter((f) => extension(f.name) === "cab" || extension(f.name) === "zip");
    const archive = archives[0];
    if (archive && upload.files.length === 1) {
      const kind = sniff(archive.bytes);
      if (kind === null) return fail(archive.name, `This file is not a cabinet or zip: ${describeFirstBytes(archive.bytes)}`);
      return readArchive(kind, archive.bytes, archive.name);
    }
    if (archive) {
      return fail(archive.name, "Upload either one .cab or .zip, or the .pbk, .pbr and .ver files, not both");
    }
    return pickFiles("files", upload.files, "The upload");
  }
  const type = upload.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!CONTENT_TYPES.has(type)) {
    return fail(
      BODY,
      `Content-Type ${JSON.stringify(upload.contentType)} is not accepted: send ${CAB_CONTENT_TYPE}, ${ZIP_CONTENT_TYPE} or multipart/form-data`,
    );
  }
  const kind = sniff(upload.bytes);
  if (kind === null) return fail(BODY, `The body is not a cabinet or zip: ${describeFirstBytes(upload.bytes)}`);
  const declared = CONTENT_TYPES.get(type);
  if (declared && declared !== kind) {
    return fail(
      BODY,
      `Content-Type says ${declared === "cab" ? "a cabinet" : "a zip"}, but the body is ${kind === "cab" ? "a cabinet" : "a zip"}`,
    );
  }
  return readArchive(kind, upload.bytes, BODY);
}
