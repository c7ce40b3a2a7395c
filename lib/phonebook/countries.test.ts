import { describe, expect, it } from "vitest";
import { countriesForCode, countryCodeLabel, listCountries } from "./countries";

describe("listCountries", () => {
  const list = listCountries();

  it("holds countries with their calling codes", () => {
    expect(list.length).toBeGreaterThan(200);
    expect(list).toContainEqual({ iso: "US", name: "United States", countryCode: 1 });
    expect(list).toContainEqual({ iso: "GB", name: "United Kingdom", countryCode: 44 });
    expect(list).toContainEqual({ iso: "DE", name: "Germany", countryCode: 49 });
    expect(list).toContainEqual({ iso: "CA", name: "Canada", countryCode: 1 });
    for (const c of list) expect(Number.isInteger(c.countryCode) && c.countryCode >= 1 && c.countryCode <= 99999).toBe(true);
  });

  it("is sorted by name and has unique ISO codes", () => {
    const names = list.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator("en").compare));
    expect(new Set(list.map((c) => c.iso)).size).toBe(list.length);
  });

  it("translates names and survives a bad locale", () => {
    expect(listCountries("de")).toContainEqual({ iso: "DE", name: "Deutschland", countryCode: 49 });
    expect(listCountries("not a locale!").find((c) => c.iso === "DE")?.name).toBe("Germany");
  });

  it("returns a fresh array each time", () => {
    const a = listCountries();
    a.pop();
    expect(listCountries()).toHaveLength(list.length);
  });
});

describe("countryCodeLabel", () => {
  it("names the country of a code", () => {
    expect(countryCodeLabel(49)).toBe("49 — Germany");
  });

  it("puts the main country first and shortens shared codes", () => {
    expect(countriesForCode(1)[0]?.iso).toBe("US");
    expect(countryCodeLabel(1)).toMatch(/^1 — United States, [^,]+, [^,]+, …$/);
    expect(countryCodeLabel(7)).toBe("7 — Russia, Kazakhstan");
    expect(countryCodeLabel(44, "en", 1)).toBe("44 — United Kingdom, …");
  });

  it("falls back to the number for an unused code", () => {
    expect(countryCodeLabel(99999)).toBe("99999");
  });
});
