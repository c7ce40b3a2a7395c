/**
 * MS-CAB structure constants shared by the writer and the reader.
 *
 * Layout we write (all integers little-endian):
 *   CFHEADER (36 bytes, no reserve area, flags = 0)
 *   CFFOLDER (8 bytes) x 1
 *   CFFILE   (16 bytes + NUL-terminated name) x cFiles
 *   CFDATA   (8 bytes + cbData) x cCFData
 */

export const CFHEADER_SIZE = 36;
export const CFFOLDER_SIZE = 8;
export const CFFILE_FIXED_SIZE = 16;
export const CFDATA_HEADER_SIZE = 8;

export const CAB_SIGNATURE = 0x4643534d; // "MSCF" read as LE u32
export const CAB_VERSION_MINOR = 3;
export const CAB_VERSION_MAJOR = 1;

/** CFHEADER.flags */
export const FLAG_PREV_CABINET = 0x0001;
export const FLAG_NEXT_CABINET = 0x0002;
export const FLAG_RESERVE_PRESENT = 0x0004;

/** CFFOLDER.typeCompress (low 4 bits) */
export const COMPRESS_NONE = 0;
export const COMPRESS_MSZIP = 1;

/** Max uncompressed bytes in one CFDATA block (MSZIP and the format itself). */
export const MAX_BLOCK_UNCOMPRESSED = 32768;
/** cCFData is u16, so one folder holds at most this many blocks. */
export const MAX_BLOCKS_PER_FOLDER = 0xffff;
/** Largest uncompressed folder: 65,535 blocks x 32,768 bytes = 2,147,450,880 bytes. */
export const MAX_FOLDER_UNCOMPRESSED = MAX_BLOCKS_PER_FOLDER * MAX_BLOCK_UNCOMPRESSED;
/** Largest cabinet file the format allows (cbCabinet is treated as signed by Microsoft tools). */
export const MAX_CABINET_SIZE = 0x7fffffff;
/** cFiles is u16. */
export const MAX_FILES = 0xffff;
/** CB_MAX_FILENAME is 256 including the NUL terminator. */
export const MAX_NAME_BYTES = 255;

/** CFFILE.attribs bits */
export const ATTR_READONLY = 0x01;
export const ATTR_HIDDEN = 0x02;
export const ATTR_SYSTEM = 0x04;
export const ATTR_ARCHIVE = 0x20;
export const ATTR_EXEC = 0x40;
export const ATTR_NAME_IS_UTF = 0x80;
/** Attribute bits we accept on input (NAME_IS_UTF deliberately excluded: names are ASCII only). */
export const ALLOWED_ATTRIBUTES = ATTR_READONLY | ATTR_HIDDEN | ATTR_SYSTEM | ATTR_ARCHIVE | ATTR_EXEC;

/** The two signature bytes that start every MSZIP CFDATA payload. */
export const MSZIP_SIGNATURE = Buffer.from("CK", "latin1");
