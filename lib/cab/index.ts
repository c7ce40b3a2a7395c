/**
 * Public API of the cabinet module: MSZIP .cab writer, a small reader, and
 * the pieces (checksum, DOS dates, errors, limits) callers may need.
 */
export { writeCabinet, writeCabinetAsync } from "./cab-writer";
export type { CabInputFile, CabWriteOptions } from "./cab-writer";
export { readCabinet } from "./cab-reader";
export type { CabContents, CabEntry, CabReadOptions } from "./cab-reader";
export { CabError, isCabError } from "./errors";
export type { CabErrorCode } from "./errors";
export { cabChecksum, cfdataChecksum } from "./checksum";
export { toDosDateTime, fromDosDateTime } from "./dos-date";
export {
  ATTR_ARCHIVE,
  ATTR_EXEC,
  ATTR_HIDDEN,
  ATTR_READONLY,
  ATTR_SYSTEM,
  MAX_BLOCK_UNCOMPRESSED,
  MAX_CABINET_SIZE,
  MAX_FILES,
  MAX_FOLDER_UNCOMPRESSED,
  MAX_NAME_BYTES,
} from "./format";
