/** Columns of the CSV import format, in the order the export writes them (`action` last). */
export const IMPORT_COLUMNS = [
  "popIndex",
  "countryCode",
  "region",
  "name",
  "areaCode",
  "accessNumber",
  "minSpeed",
  "maxSpeed",
  "flags",
  "dialupEntry",
  "inService",
  "comment",
  "action",
] as const;

/** One column of the CSV import format. */
export type TImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns written by the export, in order (every import column except `action`). */
export const EXPORT_COLUMNS: readonly TImportColumn[] = IMPORT_COLUMNS.filter((column) => column !== "action");

/**
 * Column of each field in PBA's headerless POP input format (the `.pbk` order); the 9th
 * field is reserved (always 0) and maps to null. `region` holds a region *position* there.
 */
export const PBA_COLUMNS: readonly (TImportColumn | null)[] = [
  "popIndex",
  "countryCode",
  "region",
  "name",
  "areaCode",
  "accessNumber",
  "minSpeed",
  "maxSpeed",
  null,
  "flags",
  "dialupEntry",
];

// Header names are compared in this folded form: lower case without spaces, "_" or "-".
function foldHeader(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

// A few names spreadsheets and PBA's own UI use for the same columns.
const ALIASES: Record<string, TImportColumn> = {
  index: "popIndex",
  pop: "popIndex",
  country: "countryCode",
  city: "name",
  popname: "name",
  phonenumber: "accessNumber",
  number: "accessNumber",
  dialup: "dialupEntry",
  notes: "comment",
};

const BY_FOLDED = new Map<string, TImportColumn>([
  ...IMPORT_COLUMNS.map((column): [string, TImportColumn] => [foldHeader(column), column]),
  ...Object.entries(ALIASES),
]);

/**
 * The import column a header cell names, or null when unknown. Case-insensitive; spaces,
 * underscores and hyphens are ignored ("Access Number", "pop_index"), and a few aliases
 * ("city", "country", "phone number", ...) are accepted.
 */
export function importColumnOf(header: string): TImportColumn | null {
  return BY_FOLDED.get(foldHeader(header.trim())) ?? null;
}
