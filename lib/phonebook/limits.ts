/** Most POPs one phone book may hold (PBA limit). */
export const MAX_POPS_PER_PHONEBOOK = 65_000;
/** Most published versions one phone book may have (PBA limit). */
export const MAX_VERSIONS = 32_676;
/** Most POPs an import may hold when the phone book has never been published. */
export const MAX_IMPORT_UNPUBLISHED = 32_000;
/**
 * Most data rows an import file may hold once the phone book has been published: each row
 * names its own POP index, which it deletes (so the POP exists: at most 65,000 such rows) or
 * which the phone book holds afterwards (at most 65,000), so no longer file can be accepted.
 */
export const MAX_IMPORT_ROWS = 2 * MAX_POPS_PER_PHONEBOOK;
/** Most pending changes (adds + edits + deletes) once the phone book has been published. */
export const MAX_CHANGES_PUBLISHED = 6_000;
/** Number of previous versions a delta cab is built from (`max(1, V-5) .. V-1`). */
export const DELTA_WINDOW = 5;

/** Longest POP name (city), in characters. */
export const MAX_NAME_LENGTH = 30;
/** Longest area code, in characters. */
export const MAX_AREA_CODE_LENGTH = 10;
/** Longest access number, in characters. */
export const MAX_ACCESS_NUMBER_LENGTH = 35;
/** Longest dial-up entry name, in characters. */
export const MAX_DIALUP_ENTRY_LENGTH = 50;
/** Longest region name, in characters. */
export const MAX_REGION_NAME_LENGTH = 31;
/** Longest phone book name, in characters. */
export const MAX_PHONEBOOK_NAME_LENGTH = 8;
/** Longest POP comment (never published), in characters. */
export const MAX_COMMENT_LENGTH = 1_000;

/** Highest POP index (2^31 - 1). */
export const MAX_POP_INDEX = 2_147_483_647;
/** Highest country/region id. */
export const MAX_COUNTRY_CODE = 99_999;
/** Highest speed in bps: stored as a PostgreSQL integer, so 2^31 - 1 (2.1 Gbit/s). */
export const MAX_SPEED = 2_147_483_647;
/** Highest flags value (one byte). */
export const MAX_FLAGS = 255;
