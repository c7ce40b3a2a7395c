/**
 * Deterministic generator of a realistic Connection Manager phone book body
 * (POP lines like "23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP" + CRLF).
 * Shared by the benchmark and tests; seeded so runs are comparable.
 */

/** mulberry32: tiny seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITY_ROOTS = [
  "Redmond",
  "Seattle",
  "Bellevue",
  "Kirkland",
  "Tacoma",
  "Spokane",
  "Portland",
  "Salem",
  "Eugene",
  "Boise",
  "Denver",
  "Boulder",
  "Austin",
  "Dallas",
  "Houston",
  "Phoenix",
  "Tucson",
  "Reno",
  "Fresno",
  "Oakland",
  "Chicago",
  "Detroit",
  "Toledo",
  "Akron",
  "Dayton",
  "Albany",
  "Buffalo",
  "Newark",
  "Trenton",
  "Boston",
  "Hartford",
  "Raleigh",
  "Durham",
  "Atlanta",
  "Miami",
  "Orlando",
  "Tampa",
  "Memphis",
  "Nashville",
  "Omaha",
  "London",
  "Leeds",
  "Bristol",
  "Paris",
  "Lyon",
  "Berlin",
  "Munich",
  "Hamburg",
  "Sydney",
  "Perth",
  "Toronto",
  "Ottawa",
  "Calgary",
  "Osaka",
  "Kyoto",
  "Madrid",
  "Sevilla",
  "Milano",
  "Torino",
  "Dublin",
];
const CITY_PREFIXES = ["", "", "", "", "", "", "", "", "North ", "South ", "East ", "West ", "New ", "Port ", "Fort ", "Lake "];
const CITY_SUFFIXES = [
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  "",
  " Heights",
  " Springs",
  " Falls",
  " Park",
  " City",
  " Junction",
  "ville",
  " Beach",
];
const ISPS = ["MyISP", "MSN", "NetCom", "DialNet", "CompuLink", "EarthNet", "FastPOP"];
const COUNTRIES = [1, 1, 1, 1, 44, 49, 33, 61, 81, 34, 39, 353];
const MIN_SPEEDS = [0, 0, 9600, 14400, 28800];
const MAX_SPEEDS = [28800, 33600, 56000, 56000, 64000, 128000];
const FLAGS = [0, 0, 0, 8, 16];
const DIAL_TYPES = [96, 96, 64, 32, 0];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/** `lines` POP entries, CRLF-terminated, ASCII. 65,000 lines is about 3.5 MB. */
export function generatePhoneBook(lines: number, seed = 20240611): Buffer {
  const rnd = seededRandom(seed);
  const out: string[] = [];
  let id = 1;
  for (let i = 0; i < lines; i++) {
    id += 1 + Math.floor(rnd() * 3);
    const city = pick(rnd, CITY_PREFIXES) + pick(rnd, CITY_ROOTS) + pick(rnd, CITY_SUFFIXES);
    const area = 200 + Math.floor(rnd() * 800);
    const num = 2000000 + Math.floor(rnd() * 8000000);
    out.push(
      `${id},${pick(rnd, COUNTRIES)},${Math.floor(rnd() * 60)},${city},${area},${num},` +
        `${pick(rnd, MIN_SPEEDS)},${pick(rnd, MAX_SPEEDS)},${pick(rnd, FLAGS)},${pick(rnd, DIAL_TYPES)},${pick(rnd, ISPS)}\r\n`,
    );
  }
  return Buffer.from(out.join(""), "latin1");
}
