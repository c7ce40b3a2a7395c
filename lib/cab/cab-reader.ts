/**
 * Minimal Microsoft Cabinet reader: enough to list and extract what
 * cab-writer.ts produces (and typical single-cabinet makecab / gcab output).
 *
 * Supported: any number of folders, typeCompress NONE (0) and MSZIP (1), the
 * optional reserve areas (flag 0x0004), UTF-8 names (attrib 0x80).
 * Refused with CabError("UNSUPPORTED"): multi-cabinet sets (flags 0x0001 /
 * 0x0002, files continued across cabinets), Quantum and LZX.
 *
 * Every CFDATA with a non-zero csum is verified (as libmspack does: the
 * checksum of the data, seeded into the checksum of cbData+cbUncomp; a stored
 * 0 means "no checksum"). MSZIP blocks are inflated with the previous 32 KiB
 * of the folder as the dictionary, as real MSZIP requires, and never past the
 * 32 KiB a block may hold; `maxBytes` bounds what the whole cabinet may unpack to.
 */
import { inflateRawSync } from "node:zlib";
import { cfdataChecksum } from "./checksum";
import { fromDosDateTime } from "./dos-date";
import { CabError } from "./errors";
import {
  ATTR_NAME_IS_UTF,
  CAB_SIGNATURE,
  CAB_VERSION_MAJOR,
  CFDATA_HEADER_SIZE,
  CFFILE_FIXED_SIZE,
  CFFOLDER_SIZE,
  CFHEADER_SIZE,
  COMPRESS_MSZIP,
  COMPRESS_NONE,
  FLAG_NEXT_CABINET,
  FLAG_PREV_CABINET,
  FLAG_RESERVE_PRESENT,
  MAX_BLOCK_UNCOMPRESSED,
  MSZIP_SIGNATURE,
} from "./format";

export interface CabEntry {
  name: string;
  data: Buffer;
  date: Date;
  attributes: number;
}

export interface CabContents {
  files: CabEntry[];
}

export interface CabReadOptions {
  /**
   * Most bytes all folders may decode to (default: no limit beyond the format's). Checked
   * against each CFDATA header before the block is inflated, so a small cabinet that claims
   * to unpack to gigabytes is refused (TOO_LARGE) without allocating them.
   */
  maxBytes?: number;
}

interface FolderInfo {
  coffCabStart: number;
  cCFData: number;
  typeCompress: number;
}

function need(buf: Buffer, end: number, what: string): void {
  if (end > buf.length) {
    throw new CabError("TRUNCATED", `cabinet is truncated: ${what} ends at byte ${end} but only ${buf.length} bytes are present`);
  }
}

const COMPRESSION_NAMES: Record<number, string> = { 0: "none", 1: "MSZIP", 2: "Quantum", 3: "LZX" };

type TBudget = { left: number };

function decodeFolder(buf: Buffer, folder: FolderInfo, folderIndex: number, cbCFData: number, budget: TBudget): Buffer {
  const method = folder.typeCompress & 0x000f;
  if (method !== COMPRESS_NONE && method !== COMPRESS_MSZIP) {
    throw new CabError(
      "UNSUPPORTED",
      `folder ${folderIndex} uses ${COMPRESSION_NAMES[method] ?? "unknown"} compression (type ${method}); only none (0) and MSZIP (1) are supported`,
    );
  }
  const out: Buffer[] = [];
  let window: Buffer = Buffer.alloc(0);
  let p = folder.coffCabStart;
  for (let i = 0; i < folder.cCFData; i++) {
    need(buf, p + CFDATA_HEADER_SIZE, `CFDATA ${i} header of folder ${folderIndex}`);
    const csum = buf.readUInt32LE(p);
    const cbData = buf.readUInt16LE(p + 4);
    const cbUncomp = buf.readUInt16LE(p + 6);
    const dataStart = p + CFDATA_HEADER_SIZE + cbCFData;
    need(buf, dataStart + cbData, `CFDATA ${i} of folder ${folderIndex}`);
    const data = buf.subarray(dataStart, dataStart + cbData);
    if (csum !== 0) {
      const actual = cfdataChecksum(data, cbData, cbUncomp);
      if (actual !== csum) {
        throw new CabError(
          "CHECKSUM_MISMATCH",
          `checksum mismatch in CFDATA block ${i} of folder ${folderIndex} at byte ${p}: stored 0x${csum.toString(16).padStart(8, "0")}, computed 0x${actual.toString(16).padStart(8, "0")}`,
        );
      }
    }
    if (cbUncomp > MAX_BLOCK_UNCOMPRESSED) {
      throw new CabError(
        "CORRUPT_DATA",
        `CFDATA block ${i} of folder ${folderIndex} claims ${cbUncomp} uncompressed bytes (max ${MAX_BLOCK_UNCOMPRESSED})`,
      );
    }
    budget.left -= cbUncomp;
    if (budget.left < 0) {
      throw new CabError("TOO_LARGE", `the cabinet unpacks to more than the allowed bytes (at CFDATA block ${i} of folder ${folderIndex})`);
    }
    let block: Buffer;
    if (method === COMPRESS_NONE) {
      block = data;
    } else {
      if (cbData < 2 || data[0] !== MSZIP_SIGNATURE[0] || data[1] !== MSZIP_SIGNATURE[1]) {
        throw new CabError("CORRUPT_DATA", `CFDATA block ${i} of folder ${folderIndex} does not start with the MSZIP signature "CK"`);
      }
      try {
        // A block never holds more than 32 KiB: stop inflating past that, whatever the data says.
        const limit = { maxOutputLength: MAX_BLOCK_UNCOMPRESSED };
        block = inflateRawSync(data.subarray(2), window.length > 0 ? { ...limit, dictionary: window } : limit);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new CabError("CORRUPT_DATA", `CFDATA block ${i} of folder ${folderIndex}: MSZIP inflate failed: ${msg}`);
      }
    }
    if (block.length !== cbUncomp) {
      throw new CabError(
        "CORRUPT_DATA",
        `CFDATA block ${i} of folder ${folderIndex} decoded to ${block.length} bytes, header says ${cbUncomp}`,
      );
    }
    out.push(block);
    window = block.length >= MAX_BLOCK_UNCOMPRESSED ? block : Buffer.concat([window, block]).subarray(-MAX_BLOCK_UNCOMPRESSED);
    p = dataStart + cbData;
  }
  return Buffer.concat(out);
}

export function readCabinet(buf: Buffer, options: CabReadOptions = {}): CabContents {
  const budget: TBudget = { left: options.maxBytes ?? Number.POSITIVE_INFINITY };
  if (buf.length < CFHEADER_SIZE || buf.readUInt32LE(0) !== CAB_SIGNATURE) {
    throw new CabError("NOT_A_CABINET", "not a cabinet file: missing 'MSCF' signature");
  }
  const cbCabinet = buf.readUInt32LE(8);
  need(buf, cbCabinet, "the cabinet (cbCabinet)");
  const coffFiles = buf.readUInt32LE(16);
  const versionMajor = buf.readUInt8(25);
  if (versionMajor !== CAB_VERSION_MAJOR) {
    throw new CabError("UNSUPPORTED", `cabinet format version ${versionMajor}.${buf.readUInt8(24)} is not supported (expected 1.3)`);
  }
  const cFolders = buf.readUInt16LE(26);
  const cFiles = buf.readUInt16LE(28);
  const flags = buf.readUInt16LE(30);
  if (flags & (FLAG_PREV_CABINET | FLAG_NEXT_CABINET)) {
    throw new CabError("UNSUPPORTED", "multi-cabinet sets (files spanning cabinets) are not supported");
  }
  let p = CFHEADER_SIZE;
  let cbCFFolder = 0;
  let cbCFData = 0;
  if (flags & FLAG_RESERVE_PRESENT) {
    need(buf, p + 4, "CFHEADER reserve sizes");
    const cbCFHeader = buf.readUInt16LE(p);
    cbCFFolder = buf.readUInt8(p + 2);
    cbCFData = buf.readUInt8(p + 3);
    p += 4 + cbCFHeader;
  }

  const folders: FolderInfo[] = [];
  for (let i = 0; i < cFolders; i++) {
    need(buf, p + CFFOLDER_SIZE, `CFFOLDER ${i}`);
    folders.push({
      coffCabStart: buf.readUInt32LE(p),
      cCFData: buf.readUInt16LE(p + 4),
      typeCompress: buf.readUInt16LE(p + 6),
    });
    p += CFFOLDER_SIZE + cbCFFolder;
  }

  const decoded = new Map<number, Buffer>();
  const files: CabEntry[] = [];
  p = coffFiles;
  for (let i = 0; i < cFiles; i++) {
    need(buf, p + CFFILE_FIXED_SIZE + 1, `CFFILE ${i}`);
    const cbFile = buf.readUInt32LE(p);
    const uoffFolderStart = buf.readUInt32LE(p + 4);
    const iFolder = buf.readUInt16LE(p + 8);
    const date = buf.readUInt16LE(p + 10);
    const time = buf.readUInt16LE(p + 12);
    const attributes = buf.readUInt16LE(p + 14);
    const nameStart = p + CFFILE_FIXED_SIZE;
    const nul = buf.indexOf(0, nameStart);
    if (nul < 0) throw new CabError("TRUNCATED", `cabinet is truncated: name of CFFILE ${i} has no NUL terminator`);
    const name = buf.toString(attributes & ATTR_NAME_IS_UTF ? "utf8" : "latin1", nameStart, nul);
    p = nul + 1;

    const folder = folders[iFolder];
    if (folder === undefined) {
      throw new CabError(
        iFolder >= 0xfffd ? "UNSUPPORTED" : "CORRUPT_DATA",
        `file ${JSON.stringify(name)} refers to folder ${iFolder}, but the cabinet has ${cFolders} folder(s)`,
      );
    }
    let folderData = decoded.get(iFolder);
    if (folderData === undefined) {
      folderData = decodeFolder(buf, folder, iFolder, cbCFData, budget);
      decoded.set(iFolder, folderData);
    }
    if (uoffFolderStart + cbFile > folderData.length) {
      throw new CabError(
        "CORRUPT_DATA",
        `file ${JSON.stringify(name)} spans bytes ${uoffFolderStart}-${uoffFolderStart + cbFile} of folder ${iFolder}, which holds only ${folderData.length} bytes`,
      );
    }
    files.push({
      name,
      data: folderData.subarray(uoffFolderStart, uoffFolderStart + cbFile),
      date: fromDosDateTime(date, time),
      attributes,
    });
  }
  return { files };
}
