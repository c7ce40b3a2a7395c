/**
 * Microsoft Cabinet writer, MSZIP-compressed (MS-CAB + MS-MCI).
 *
 * Format decisions:
 * - One cabinet, one CFFOLDER, typeCompress = 1 (MSZIP); no reserve area,
 *   flags = 0, iCabinet = 0, setID from options (default 0, so output is
 *   reproducible for identical input and dates).
 * - The folder's uncompressed stream is every file's data concatenated in
 *   input order, cut into CFDATA blocks of 32,768 uncompressed bytes (the last
 *   one shorter). File boundaries may fall anywhere inside a block.
 * - Each CFDATA payload is "CK" + a complete raw deflate stream (ending with a
 *   final block) of that block. Real MSZIP decoders (Windows, libmspack /
 *   cabextract, 7-Zip, gcab) keep the previous 32 KiB as the LZ77 window, so we
 *   pass the previous block as the deflate `dictionary`: matches may reach
 *   back into it, which compresses noticeably better than independent blocks.
 * - A folder with no data at all (only empty files) gets zero CFDATA blocks.
 * - Names: printable ASCII only (we never set _A_NAME_IS_UTF, 0x80), at most
 *   255 bytes, "\" as the only path separator, no Windows-reserved characters,
 *   no empty / "." / ".." components, unique case-insensitively.
 * - Zero files are refused (NO_FILES): cabextract rejects a cabinet with no
 *   files ("no files in cabinet"), so such a .cab would be useless anyway.
 * - Dates: see dos-date.ts (UTC fields, 2-second resolution). Attributes
 *   default to 0x20 (archive).
 */
import { deflateRaw, deflateRawSync } from "node:zlib";
import { promisify } from "node:util";
import { cfdataChecksum } from "./checksum";
import { toDosDateTime } from "./dos-date";
import { CabError } from "./errors";
import {
  ALLOWED_ATTRIBUTES,
  ATTR_ARCHIVE,
  CAB_SIGNATURE,
  CAB_VERSION_MAJOR,
  CAB_VERSION_MINOR,
  CFDATA_HEADER_SIZE,
  CFFILE_FIXED_SIZE,
  CFFOLDER_SIZE,
  CFHEADER_SIZE,
  COMPRESS_MSZIP,
  MAX_BLOCK_UNCOMPRESSED,
  MAX_CABINET_SIZE,
  MAX_FILES,
  MAX_FOLDER_UNCOMPRESSED,
  MAX_NAME_BYTES,
  MSZIP_SIGNATURE,
} from "./format";

export interface CabInputFile {
  /** Name stored in the cabinet, e.g. "pbk.pbk" or "sub\\file.txt". Printable ASCII. */
  name: string;
  data: Buffer | Uint8Array;
  /** Modification time stored for this file (default: options.date, else now). */
  date?: Date;
  /** CFFILE attribs: bits of 0x01 readonly, 0x02 hidden, 0x04 system, 0x20 archive, 0x40 exec. Default 0x20. */
  attributes?: number;
}

export interface CabWriteOptions {
  /** Date for files that carry none (default: the time of the call). */
  date?: Date;
  /** zlib compression level 1-9 (default 6: level 9 saves only ~0.5% on phone books for ~50% more time). */
  level?: number;
  /** CFHEADER.setID, 0-65535 (default 0). */
  setId?: number;
}

interface PreparedFile {
  name: Buffer;
  data: Buffer;
  date: number;
  time: number;
  attributes: number;
  offset: number;
}

interface Plan {
  files: PreparedFile[];
  totalSize: number;
  level: number;
  setId: number;
}

const DEFAULT_LEVEL = 6;
// Windows-reserved file name characters ("\" is allowed: it is the cabinet path separator).
const RESERVED_NAME_CHARS = /[<>:"/|?*]/;

function toBuffer(data: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function validateName(name: unknown, index: number): string {
  if (typeof name !== "string" || name.length === 0) {
    throw new CabError("EMPTY_NAME", `file #${index + 1} has an empty name`);
  }
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      const what = c > 0x7e ? "a non-ASCII" : "a control";
      throw new CabError(
        "INVALID_NAME",
        `file name ${JSON.stringify(name)} contains ${what} character (U+${c.toString(16).padStart(4, "0").toUpperCase()}) at position ${i}; only printable ASCII names are supported`,
      );
    }
  }
  if (RESERVED_NAME_CHARS.test(name)) {
    throw new CabError(
      "INVALID_NAME",
      `file name ${JSON.stringify(name)} contains a character not allowed in Windows file names (< > : " / | ? *); use "\\" as the path separator`,
    );
  }
  for (const part of name.split("\\")) {
    if (part === "" || part === "." || part === "..") {
      throw new CabError("INVALID_NAME", `file name ${JSON.stringify(name)} has an empty, "." or ".." path component`);
    }
  }
  if (name.length > MAX_NAME_BYTES) {
    throw new CabError(
      "NAME_TOO_LONG",
      `file name ${JSON.stringify(name.slice(0, 40))}... is ${name.length} bytes; the cabinet format allows at most ${MAX_NAME_BYTES}`,
    );
  }
  return name;
}

function prepare(files: readonly CabInputFile[], options: CabWriteOptions): Plan {
  if (!Array.isArray(files) || files.length === 0) {
    throw new CabError("NO_FILES", "a cabinet needs at least one file (cabextract rejects cabinets with no files)");
  }
  if (files.length > MAX_FILES) {
    throw new CabError("TOO_MANY_FILES", `${files.length} files given; a cabinet holds at most ${MAX_FILES} files`);
  }
  const level = options.level ?? DEFAULT_LEVEL;
  if (!Number.isInteger(level) || level < 1 || level > 9) {
    throw new CabError("INVALID_OPTION", `level must be an integer 1-9, got ${String(level)}`);
  }
  const setId = options.setId ?? 0;
  if (!Number.isInteger(setId) || setId < 0 || setId > 0xffff) {
    throw new CabError("INVALID_OPTION", `setId must be an integer 0-65535, got ${String(setId)}`);
  }
  const defaultDate = options.date ?? new Date();

  const seen = new Map<string, string>();
  const prepared: PreparedFile[] = [];
  let offset = 0;
  for (let i = 0; i < files.length; i++) {
    const f = files[i] as CabInputFile;
    const name = validateName(f.name, i);
    const key = name.toLowerCase();
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw new CabError(
        "DUPLICATE_NAME",
        `file name ${JSON.stringify(name)} duplicates ${JSON.stringify(previous)} (names are case-insensitive)`,
      );
    }
    seen.set(key, name);

    const attributes = f.attributes ?? ATTR_ARCHIVE;
    if (!Number.isInteger(attributes) || (attributes & ~ALLOWED_ATTRIBUTES) !== 0) {
      throw new CabError(
        "INVALID_ATTRIBUTES",
        `file ${JSON.stringify(name)}: attributes 0x${attributes.toString(16)} has bits outside 0x${ALLOWED_ATTRIBUTES.toString(16)} (readonly, hidden, system, archive, exec; 0x80 _A_NAME_IS_UTF is not supported)`,
      );
    }
    const { date, time } = toDosDateTime(f.date ?? defaultDate, `date of file ${JSON.stringify(name)}`);
    const data = toBuffer(f.data);
    if (offset + data.length > MAX_FOLDER_UNCOMPRESSED) {
      throw new CabError(
        "TOO_LARGE",
        `total uncompressed size exceeds ${MAX_FOLDER_UNCOMPRESSED} bytes (65,535 blocks of 32,768 bytes, about 2 GiB, the limit of one cabinet folder) at file ${JSON.stringify(name)}`,
      );
    }
    prepared.push({ name: Buffer.from(name, "latin1"), data, date, time, attributes, offset });
    offset += data.length;
  }
  return { files: prepared, totalSize: offset, level, setId };
}

/** Yields the folder's uncompressed stream in blocks of MAX_BLOCK_UNCOMPRESSED bytes (last one shorter). */
function* uncompressedBlocks(plan: Plan): Generator<Buffer> {
  let parts: Buffer[] = [];
  let filled = 0;
  for (const f of plan.files) {
    let pos = 0;
    while (pos < f.data.length) {
      const take = Math.min(MAX_BLOCK_UNCOMPRESSED - filled, f.data.length - pos);
      parts.push(f.data.subarray(pos, pos + take));
      pos += take;
      filled += take;
      if (filled === MAX_BLOCK_UNCOMPRESSED) {
        yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, filled);
        parts = [];
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, filled);
  }
}

interface CompressedBlock {
  deflated: Buffer;
  uncompressedSize: number;
}

/** Lays out CFHEADER, CFFOLDER, CFFILEs and CFDATAs into one buffer. */
function assemble(plan: Plan, blocks: CompressedBlock[]): Buffer {
  let filesSize = 0;
  for (const f of plan.files) filesSize += CFFILE_FIXED_SIZE + f.name.length + 1;
  let dataSize = 0;
  for (const b of blocks) dataSize += CFDATA_HEADER_SIZE + MSZIP_SIGNATURE.length + b.deflated.length;
  const coffFiles = CFHEADER_SIZE + CFFOLDER_SIZE;
  const coffCabStart = coffFiles + filesSize;
  const total = coffCabStart + dataSize;
  if (total > MAX_CABINET_SIZE) {
    throw new CabError("TOO_LARGE", `the cabinet would be ${total} bytes; the format allows at most ${MAX_CABINET_SIZE} bytes (2 GiB - 1)`);
  }

  const out = Buffer.alloc(total);
  // CFHEADER
  out.writeUInt32LE(CAB_SIGNATURE, 0);
  out.writeUInt32LE(0, 4); // reserved1
  out.writeUInt32LE(total, 8); // cbCabinet
  out.writeUInt32LE(0, 12); // reserved2
  out.writeUInt32LE(coffFiles, 16);
  out.writeUInt32LE(0, 20); // reserved3
  out.writeUInt8(CAB_VERSION_MINOR, 24);
  out.writeUInt8(CAB_VERSION_MAJOR, 25);
  out.writeUInt16LE(1, 26); // cFolders
  out.writeUInt16LE(plan.files.length, 28); // cFiles
  out.writeUInt16LE(0, 30); // flags
  out.writeUInt16LE(plan.setId, 32);
  out.writeUInt16LE(0, 34); // iCabinet
  // CFFOLDER
  out.writeUInt32LE(coffCabStart, CFHEADER_SIZE);
  out.writeUInt16LE(blocks.length, CFHEADER_SIZE + 4); // cCFData
  out.writeUInt16LE(COMPRESS_MSZIP, CFHEADER_SIZE + 6);
  // CFFILEs
  let p = coffFiles;
  for (const f of plan.files) {
    out.writeUInt32LE(f.data.length, p);
    out.writeUInt32LE(f.offset, p + 4); // uoffFolderStart
    out.writeUInt16LE(0, p + 8); // iFolder
    out.writeUInt16LE(f.date, p + 10);
    out.writeUInt16LE(f.time, p + 12);
    out.writeUInt16LE(f.attributes, p + 14);
    f.name.copy(out, p + CFFILE_FIXED_SIZE);
    p += CFFILE_FIXED_SIZE + f.name.length + 1; // NUL already there (alloc zero-fills)
  }
  // CFDATAs
  for (const b of blocks) {
    const cbData = MSZIP_SIGNATURE.length + b.deflated.length;
    const dataStart = p + CFDATA_HEADER_SIZE;
    MSZIP_SIGNATURE.copy(out, dataStart);
    b.deflated.copy(out, dataStart + MSZIP_SIGNATURE.length);
    out.writeUInt32LE(cfdataChecksum(out.subarray(dataStart, dataStart + cbData), cbData, b.uncompressedSize), p);
    out.writeUInt16LE(cbData, p + 4);
    out.writeUInt16LE(b.uncompressedSize, p + 6);
    p = dataStart + cbData;
  }
  return out;
}

/**
 * Builds a complete MSZIP cabinet in memory. Synchronous: compressing blocks
 * the event loop (about 3.5 MB takes tens of milliseconds); prefer
 * writeCabinetAsync in request handlers.
 */
export function writeCabinet(files: readonly CabInputFile[], options: CabWriteOptions = {}): Buffer {
  const plan = prepare(files, options);
  const blocks: CompressedBlock[] = [];
  let previous: Buffer | undefined;
  for (const block of uncompressedBlocks(plan)) {
    const deflated = deflateRawSync(block, previous ? { level: plan.level, dictionary: previous } : { level: plan.level });
    blocks.push({ deflated, uncompressedSize: block.length });
    previous = block;
  }
  return assemble(plan, blocks);
}

const deflateRawAsync = promisify(deflateRaw);

/**
 * Same output as writeCabinet, byte for byte, but each block is compressed
 * on the libuv thread pool so the event loop stays responsive.
 */
export async function writeCabinetAsync(files: readonly CabInputFile[], options: CabWriteOptions = {}): Promise<Buffer> {
  const plan = prepare(files, options);
  const blocks: CompressedBlock[] = [];
  let previous: Buffer | undefined;
  for (const block of uncompressedBlocks(plan)) {
    const deflated = await deflateRawAsync(block, previous ? { level: plan.level, dictionary: previous } : { level: plan.level });
    blocks.push({ deflated, uncompressedSize: block.length });
    previous = block;
  }
  return assemble(plan, blocks);
}
