/**
 * Test-only: a deterministic legacy phone book as PBA publishes it, for adoption tests. The
 * .pbr lists its regions out of alphabetical order; some lines end in an 11th comma (some
 * with text after it) and some area codes hold hyphens, as real PBA/PBS books do.
 */
import { seededRandom } from "@/lib/test/phonebook-gen";

export type TLegacyBook = {
  pbk: Uint8Array;
  pbr: Uint8Array;
  ver: Uint8Array;
  version: number;
  /** The .pbk lines (no line ends). */
  lines: string[];
  /** Region names in .pbr order (position = index + 1). */
  regions: string[];
  /** 1-based .pbk line numbers we normalise: 11 commas, or a hyphenated area code. */
  trailingComma: Set<number>;
  trailingText: Set<number>;
  hyphenated: Set<number>;
};

const CITIES = ["Seattle", "Aachen", "Zurich", "Bellevue", "Munich", "Tacoma", "Berlin", "Yokohama", "Lyon", "Denver"];
const COUNTRIES = [1, 1, 1, 44, 49, 33, 107, 81];

/** A legacy book of `count` POPs over `regionCount` regions, at `version`. */
export function legacyPhoneBook(count: number, options: { regionCount?: number; version?: number; seed?: number } = {}): TLegacyBook {
  const rand = seededRandom(options.seed ?? 37);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const regionCount = options.regionCount ?? 40;
  // Zurich 1, Aachen 1, Seattle 1, … : by construction not alphabetical.
  const regions = Array.from(
    { length: regionCount },
    (_, i) => `${CITIES[(i * 7 + 2) % CITIES.length]} ${Math.floor(i / CITIES.length) + 1}`,
  );
  const lines: string[] = [];
  const trailingComma = new Set<number>();
  const trailingText = new Set<number>();
  const hyphenated = new Set<number>();
  let popIndex = 0;
  for (let i = 0; i < count; i++) {
    popIndex += 1 + Math.floor(rand() * 3);
    const lineNo = i + 1;
    const area = String(200 + Math.floor(rand() * 800));
    let areaCode = i % 9 === 0 ? "" : area;
    if (i % 13 === 5) {
      areaCode = `${area.slice(0, 1)}-${area.slice(1)}`;
      hyphenated.add(lineNo);
    }
    const fields = [
      String(popIndex),
      String(pick(COUNTRIES)),
      String(i % 11 === 0 ? 0 : 1 + Math.floor(rand() * regionCount)),
      i % 17 === 0 ? "" : `${pick(CITIES)} ${i % 500}`,
      areaCode,
      `${Math.floor(rand() * 9_000_000) + 1_000_000}`,
      i % 3 === 0 ? "" : pick(["2400", "9600", "14400"]),
      i % 4 === 0 ? "" : pick(["28800", "33600", "56000"]),
      "0",
      String((Math.floor(rand() * 64) << 1) & 0x7e),
      i % 2 === 0 ? "" : pick(["MyISP", "Corp Dial-up", "ISDN 64k"]),
    ];
    let line = fields.join(",");
    if (i % 97 === 3) {
      line += ",";
      trailingComma.add(lineNo);
    } else if (i % 301 === 7) {
      line += ",legacy note";
      trailingText.add(lineNo);
    }
    lines.push(line);
  }
  const version = options.version ?? 37;
  const crlf = (list: string[]) => new Uint8Array(Buffer.from(list.map((l) => `${l}\r\n`).join(""), "latin1"));
  return {
    pbk: crlf(lines),
    pbr: crlf([String(regions.length), ...regions]),
    ver: crlf([String(version)]),
    version,
    lines,
    regions,
    trailingComma,
    trailingText,
    hyphenated,
  };
}
