import { getCountries, getCountryCallingCode } from "libphonenumber-js/core";
import metadata from "libphonenumber-js/min/metadata";
import { MAX_COUNTRY_CODE } from "./limits";
import { TAPI_SOURCE_IDS, type TTapiSource } from "./tapi-country-ids";

// A POP's country field holds a TAPI country/region ID: Connection Manager lists countries
// from TAPI. For most countries that ID is the international calling code (49 Germany); where
// a calling code is shared, TAPI has IDs of its own (1 United States, 107 Canada, 705
// Kazakhstan). The list is built from facts, not typed in: every country whose calling code
// is its own (libphonenumber-js metadata) gets that code, and the members of shared codes get
// the IDs of the open tables in tapi-country-ids.ts. Members of a shared code that no table
// gives an ID of their own (Guernsey, Jersey, Åland, …) use the code's main entry (44, 358).
//
// `libphonenumber-js/core` plus the "min" metadata: only the metadata is bundled, once.

/** One TAPI country/region ID: what a POP stores, with the country's name and calling code. */
export type TCountry = {
  /** The TAPI country/region ID (the POP's `countryCode`). */
  id: number;
  iso: string;
  name: string;
  /** International calling code of the country (E.164). */
  callingCode: number;
  /** Names of the countries sharing the calling code that use this ID (no ID of their own). */
  alsoCovers: string[];
  /** Where the ID comes from: its own calling code, or the TAPI tables. */
  sources: ("calling code" | TTapiSource)[];
  /** Set when the tables disagree about this ID. */
  disputed: string | null;
  /** Set for a calling code whose country the tables give another TAPI ID (992 Tajikistan: 708). */
  note: string | null;
};

type TBase = Omit<TCountry, "name" | "alsoCovers" | "note"> & { part: string | null; alsoCoversIso: string[] };

let bases: readonly TBase[] | null = null;
let knownIds: ReadonlySet<number> | null = null;

function callingCodeOf(iso: string): number {
  return Number(getCountryCallingCode(iso as Parameters<typeof getCountryCallingCode>[0], metadata));
}

function buildBases(): readonly TBase[] {
  const byCode = new Map<number, string[]>();
  for (const iso of getCountries(metadata)) {
    const code = callingCodeOf(iso);
    byCode.set(code, [...(byCode.get(code) ?? []), iso]);
  }
  const byId = new Map<number, TBase>();
  for (const [code, members] of byCode) {
    const [iso] = members;
    if (members.length === 1 && iso) {
      byId.set(code, { id: code, iso, part: null, callingCode: code, sources: ["calling code"], disputed: null, alsoCoversIso: [] });
    }
  }
  for (const entry of TAPI_SOURCE_IDS) {
    const known = byId.get(entry.id);
    // A table ID that is also a country's own calling code must name that country.
    if (known && known.iso !== entry.iso) throw new Error(`TAPI ID ${entry.id}: ${entry.iso} in the tables, ${known.iso} by calling code`);
    if (known) known.sources.push(...entry.sources);
    else {
      byId.set(entry.id, {
        id: entry.id,
        iso: entry.iso,
        part: entry.part ?? null,
        callingCode: callingCodeOf(entry.iso),
        sources: [...entry.sources],
        disputed: entry.disputed ?? null,
        alsoCoversIso: [],
      });
    }
  }
  const withId = new Set([...byId.values()].map((base) => base.iso));
  for (const [code, members] of byCode) {
    const main = byId.get(code);
    if (main) for (const iso of members) if (!withId.has(iso)) main.alsoCoversIso.push(iso);
  }
  return [...byId.values()];
}

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
 * Every TAPI country/region ID with its country's name in `locale` (falling back to
 * English, then the ISO code) and calling code, sorted by name, then ID. A shared calling
 * code shows each TAPI entry separately (Canada 107, not 1). Built once per locale; each
 * call returns a new array of frozen entries.
 */
export function listCountries(locale = "en"): TCountry[] {
  const cached = cache.get(locale);
  if (cached) return [...cached];
  const tag = safeLocale(locale);
  const names = new Intl.DisplayNames([tag, "en"], { type: "region", fallback: "code" });
  const collator = new Intl.Collator([tag, "en"]);
  bases ??= buildBases();
  const nameOf = (iso: string) => names.of(iso) ?? iso;
  // The undisputed table ID of each country, for the note on its bare calling code.
  const tableId = new Map<string, number>();
  for (const base of bases) if (!base.sources.includes("calling code") && !base.disputed) tableId.set(base.iso, base.id);
  const noteOf = (base: TBase): string | null => {
    const id = base.sources.every((source) => source === "calling code") ? tableId.get(base.iso) : undefined;
    return id !== undefined && id !== base.id ? `the TAPI tables list ${nameOf(base.iso)} as ${id}` : null;
  };
  const list = bases
    .map((base): TCountry => ({
      id: base.id,
      iso: base.iso,
      name: base.part ? `${nameOf(base.iso)} (${base.part})` : nameOf(base.iso),
      callingCode: base.callingCode,
      alsoCovers: base.alsoCoversIso.map(nameOf).sort(collator.compare),
      sources: [...base.sources],
      disputed: base.disputed,
      note: noteOf(base),
    }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
  const frozen = Object.freeze(list.map((country) => Object.freeze(country)));
  cache.set(locale, frozen);
  return [...frozen];
}

/** The entry of a TAPI ID, or null when the ID is not one. */
export function findCountry(id: number, locale = "en"): TCountry | null {
  if (!isKnownCountryId(id)) return null;
  return (cache.get(locale) ?? listCountries(locale)).find((country) => country.id === id) ?? null;
}

/** True when `id` is a TAPI country/region ID of the list. */
export function isKnownCountryId(id: number): boolean {
  bases ??= buildBases();
  knownIds ??= new Set(bases.map((base) => base.id));
  return knownIds.has(id);
}

/**
 * One line for a picker: `Canada (+1) · ID 107`, `United Kingdom (+44) · ID 44 · also
 * Guernsey, Isle of Man, Jersey`, with the tables' disagreement when there is one.
 */
export function countryOptionLabel(country: TCountry): string {
  const parts = [`${country.name} (+${country.callingCode})`, `ID ${country.id}`];
  if (country.alsoCovers.length) parts.push(`also ${country.alsoCovers.join(", ")}`);
  if (country.disputed) parts.push(country.disputed);
  if (country.note) parts.push(country.note);
  return parts.join(" · ");
}

/** The picker's options: each TAPI ID with its {@link countryOptionLabel}, sorted by name. */
export function listCountryOptions(locale = "en"): { id: number; label: string }[] {
  return listCountries(locale).map((country) => ({ id: country.id, label: countryOptionLabel(country) }));
}

/** Short label for a stored ID: `107 — Canada (+1)`, or `9999 — not a TAPI ID`. */
export function countryCodeLabel(id: number, locale = "en"): string {
  const country = findCountry(id, locale);
  return country ? `${id} — ${country.name} (+${country.callingCode})` : `${id} — not a TAPI ID`;
}

/** The message for an ID outside the list. */
export function unknownCountryIdMessage(id: number): string {
  return `Country/region ${id} is not a TAPI country/region ID: choose one from the list (for example 1 United States, 107 Canada, 44 United Kingdom, 49 Germany)`;
}

/** Outcome of {@link checkCountryId}: refused, or accepted with an optional warning. */
export type TCountryCheck = { ok: true; warning: string | null } | { ok: false; message: string };

/**
 * The rule for a POP's country/region ID. A TAPI ID of the list is accepted. Any other ID
 * (still a whole number 1..99999, checked by the field schema) is refused, except:
 * - `current`: the ID the POP already holds — existing POPs keep their stored numbers, so an
 *   edit that leaves the country alone goes through;
 * - `allowUnknown`: for a path that takes phone books as they are (adopting a live PBA
 *   deployment), which accepts it with a warning.
 */
export function checkCountryId(id: number, options: { current?: number | null; allowUnknown?: boolean } = {}): TCountryCheck {
  if (isKnownCountryId(id) || id === options.current) return { ok: true, warning: null };
  if (options.allowUnknown && Number.isInteger(id) && id >= 1 && id <= MAX_COUNTRY_CODE) {
    return {
      ok: true,
      warning: `Country/region ${id} is not a TAPI country/region ID; kept as it is, but clients may not show this POP under a country`,
    };
  }
  return { ok: false, message: unknownCountryIdMessage(id) };
}
