import { getCountries, getCountryCallingCode } from "libphonenumber-js/core";
import metadata from "libphonenumber-js/min/metadata";

// TAPI country/region ids (the POP's countryCode) equal the international calling code for
// most countries: 1 = USA, 44 = UK, 49 = Germany. Windows' TAPI list also has ids of its own
// for some members of shared calling codes (e.g. Canada and the Caribbean members of +1, or
// Kazakhstan under +7), which are not the calling code. The picker offers calling codes; the
// field accepts any id 1..99999 so such an id can still be typed in.
//
// `libphonenumber-js/core` plus the "min" metadata: only the metadata is bundled, once.

/** One entry of the country picker. */
export type TCountry = { iso: string; name: string; countryCode: number };

const cache = new Map<string, readonly TCountry[]>();

// An unusable locale tag (from a header or a query) falls back to English instead of throwing.
function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? "en";
  } catch {
    return "en";
  }
}

/**
 * Countries and territories with their calling codes, names in `locale` (falling back to
 * English, then the ISO code), sorted by name in that locale. Built once per locale; each
 * call returns a new array of frozen entries.
 */
export function listCountries(locale = "en"): TCountry[] {
  const cached = cache.get(locale);
  if (cached) return [...cached];
  const tag = safeLocale(locale);
  const names = new Intl.DisplayNames([tag, "en"], { type: "region", fallback: "code" });
  const collator = new Intl.Collator([tag, "en"]);
  const list = getCountries(metadata)
    .map((iso) => ({
      iso,
      name: names.of(iso) ?? iso,
      countryCode: Number(getCountryCallingCode(iso, metadata)),
    }))
    .sort((a, b) => collator.compare(a.name, b.name) || (a.iso < b.iso ? -1 : 1));
  const frozen = Object.freeze(list.map((country) => Object.freeze(country)));
  cache.set(locale, frozen);
  return [...frozen];
}

/**
 * Names of the countries sharing one calling code: the code's main country first (as the
 * metadata lists it), then the others by name. Empty for an unknown code.
 */
export function countriesForCode(code: number, locale = "en"): TCountry[] {
  const members = listCountries(locale).filter((country) => country.countryCode === code);
  const main = metadata.country_calling_codes[String(code)]?.[0];
  return members.sort((a, b) => (a.iso === main ? -1 : b.iso === main ? 1 : 0));
}

/**
 * Short label for a country code, e.g. `49 — Germany`, `44 — United Kingdom, Guernsey,
 * Isle of Man, …` (at most `maxNames` names), or just `123` for a code no country uses.
 */
export function countryCodeLabel(code: number, locale = "en", maxNames = 3): string {
  const members = countriesForCode(code, locale);
  if (members.length === 0) return String(code);
  const shown = members.slice(0, maxNames).map((country) => country.name);
  const more = members.length > maxNames ? ", …" : "";
  return `${code} — ${shown.join(", ")}${more}`;
}

/** For each calling code, the ISO code of its main country (e.g. 1 → "US", 44 → "GB"). */
export function mainCountryByCode(): Record<number, string> {
  const out: Record<number, string> = {};
  for (const code of new Set(listCountries().map((c) => c.countryCode))) {
    const main = countriesForCode(code)[0];
    if (main) out[code] = main.iso;
  }
  return out;
}
