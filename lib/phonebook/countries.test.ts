import { describe, expect, it } from "vitest";
import { checkCountryId, countryCodeLabel, countryOptionLabel, findCountry, isKnownCountryId, listCountries } from "./countries";
import { TAPI_SOURCE_IDS } from "./tapi-country-ids";

// The keys of ReactOS's Telephony "Country List" (boot/bootdata/hivesft.inf) and the IDs of
// ICQ's list (KDE Kopete protocols/oscar/icq/icqprotocol.cpp), as read for tapi-country-ids.ts.
const REACTOS_KEYS = [
  1, 106, 107, 109, 110, 20, 268, 27, 30, 31, 32, 33, 34, 351, 352, 353, 354, 355, 358, 359, 36, 370, 371, 372, 373, 374, 380, 381, 385,
  386, 387, 39, 40, 41, 420, 421, 423, 43, 44, 45, 46, 47, 48, 49, 52, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 66, 7, 705, 708, 81, 82, 850,
  86, 886, 90, 91, 93, 960, 964, 966, 971, 972, 974, 976, 977, 98, 993, 994, 995, 996, 998,
];
const ICQ_IDS = [
  0, 93, 355, 213, 684, 376, 244, 101, 102, 1021, 54, 374, 297, 247, 61, 43, 994, 103, 973, 880, 104, 120, 375, 32, 501, 229, 105, 975, 591,
  387, 267, 55, 106, 673, 359, 226, 257, 855, 237, 107, 238, 108, 236, 235, 178, 56, 86, 672, 6101, 6102, 57, 2691, 242, 682, 506, 385, 53,
  357, 42, 45, 246, 253, 109, 110, 593, 20, 503, 240, 291, 372, 251, 298, 500, 679, 358, 33, 5901, 5902, 594, 689, 241, 220, 995, 49, 233,
  350, 30, 299, 111, 590, 671, 502, 224, 245, 592, 509, 504, 852, 36, 354, 91, 62, 98, 964, 353, 972, 39, 225, 112, 81, 962, 705, 254, 686,
  850, 82, 965, 706, 856, 371, 961, 266, 231, 218, 4101, 370, 352, 853, 261, 265, 60, 960, 223, 356, 692, 596, 222, 230, 269, 52, 691, 373,
  377, 976, 113, 212, 258, 95, 264, 674, 977, 599, 31, 114, 687, 64, 505, 227, 234, 683, 6722, 47, 968, 92, 680, 507, 675, 595, 51, 63, 48,
  351, 121, 974, 389, 262, 40, 6701, 7, 250, 122, 670, 378, 239, 966, 221, 248, 232, 65, 4201, 386, 677, 252, 27, 34, 94, 290, 115, 1141,
  508, 116, 249, 597, 268, 46, 41, 963, 886, 708, 255, 66, 6702, 228, 690, 676, 117, 216, 90, 709, 118, 688, 1, 256, 380, 971, 44, 441, 442,
  123, 598, 711, 678, 379, 58, 84, 681, 685, 967, 3811, 382, 381, 243, 260, 263, 9999,
];
// ICQ's own IDs, left out (see tapi-country-ids.ts).
const ICQ_ONLY = [0, 9999, 1021, 1141, 2691, 3811, 4101, 4201, 5901, 5902, 6101, 6102, 6701, 6702, 6722, 441, 442, 42, 178, 379, 671, 684];

describe("listCountries: TAPI country/region IDs", () => {
  const list = listCountries();
  const byId = new Map(list.map((c) => [c.id, c]));

  it("gives shared calling codes their TAPI IDs: Canada is 107, not 1", () => {
    expect(byId.get(1)).toMatchObject({ iso: "US", name: "United States", callingCode: 1 });
    expect(byId.get(107)).toMatchObject({ iso: "CA", name: "Canada", callingCode: 1, sources: ["ReactOS", "ICQ"] });
    expect(byId.get(705)).toMatchObject({ iso: "KZ", name: "Kazakhstan", callingCode: 7 });
    expect(byId.get(708)).toMatchObject({ iso: "TJ", name: "Tajikistan", callingCode: 992 });
    expect(byId.get(7)).toMatchObject({ iso: "RU", callingCode: 7 });
    expect(list.filter((c) => c.iso === "CA").map((c) => c.id)).toEqual([107]);
    for (let id = 101; id <= 123; id++) if (id !== 119) expect(byId.get(id)?.callingCode, `ID ${id}`).toBe(1);
    expect(byId.has(119)).toBe(false);
  });

  it("uses the calling code as the ID of countries whose code is their own", () => {
    expect(byId.get(49)).toMatchObject({ iso: "DE", name: "Germany", callingCode: 49, sources: ["calling code"] });
    expect(byId.get(211)).toMatchObject({ iso: "SS", callingCode: 211, sources: ["calling code"] });
    expect(byId.get(269)?.iso).toBe("KM");
  });

  it("lists members of a shared code without an ID of their own under its main entry", () => {
    expect(byId.get(44)?.alsoCovers).toEqual(["Guernsey", "Isle of Man", "Jersey"]);
    expect(byId.get(1)?.alsoCovers).toEqual(["American Samoa", "Guam", "Northern Mariana Islands", "Sint Maarten"]);
    expect(byId.get(49)?.alsoCovers).toEqual([]);
  });

  it("marks the IDs the two tables disagree on", () => {
    expect(list.filter((c) => c.disputed).map((c) => c.id)).toEqual(
      [706, 709, 711].sort((a, b) => (byId.get(a)!.name < byId.get(b)!.name ? -1 : 1)),
    );
    expect(byId.get(706)).toMatchObject({ iso: "KG", disputed: "ICQ's list only; ReactOS lists Kyrgyzstan as 996" });
    expect(byId.get(996)).toMatchObject({ iso: "KG", disputed: null, sources: ["calling code"] });
  });

  it("accepts every ID of ReactOS's list and every ICQ ID but ICQ's own", () => {
    for (const id of REACTOS_KEYS) expect(isKnownCountryId(id), `ReactOS ${id}`).toBe(true);
    expect(ICQ_IDS.filter((id) => isKnownCountryId(id) === ICQ_ONLY.includes(id))).toEqual([]);
    // Every table ID is one of the sources' numbers: none is made up.
    for (const entry of TAPI_SOURCE_IDS) expect(REACTOS_KEYS.includes(entry.id) || ICQ_IDS.includes(entry.id), `ID ${entry.id}`).toBe(true);
  });

  it("refuses numbers that are no TAPI ID", () => {
    for (const id of [9999, 999, 800, 0, 119, 42, 6101]) expect(isKnownCountryId(id), `ID ${id}`).toBe(false);
  });

  it("has unique IDs, is sorted by name then ID, and translates names", () => {
    expect(new Set(list.map((c) => c.id)).size).toBe(list.length);
    const names = list.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator("en").compare));
    expect(listCountries("de").find((c) => c.id === 49)?.name).toBe("Deutschland");
    expect(listCountries("not a locale!").find((c) => c.id === 49)?.name).toBe("Germany");
    const copy = listCountries();
    copy.pop();
    expect(listCountries()).toHaveLength(list.length);
  });
});

describe("labels and the country rule", () => {
  it("labels picker options and stored IDs", () => {
    expect(countryOptionLabel(findCountry(107)!)).toBe("Canada (+1) · ID 107");
    expect(countryOptionLabel(findCountry(44)!)).toBe("United Kingdom (+44) · ID 44 · also Guernsey, Isle of Man, Jersey");
    expect(countryOptionLabel(findCountry(102)!)).toBe("Antigua & Barbuda (Antigua) (+1) · ID 102");
    expect(countryOptionLabel(findCountry(709)!)).toBe("Turkmenistan (+993) · ID 709 · ICQ's list only; ReactOS lists Turkmenistan as 993");
    expect(countryOptionLabel(findCountry(992)!)).toBe("Tajikistan (+992) · ID 992 · the TAPI tables list Tajikistan as 708");
    expect(countryOptionLabel(findCountry(993)!)).toBe("Turkmenistan (+993) · ID 993");
    expect(
      listCountries()
        .filter((c) => c.note)
        .map((c) => c.id),
    ).toEqual([992]);
    expect(countryCodeLabel(107)).toBe("107 — Canada (+1)");
    expect(countryCodeLabel(9999)).toBe("9999 — not a TAPI ID");
  });

  it("refuses unknown IDs, keeps a POP's own, and accepts them with a warning when asked", () => {
    expect(checkCountryId(107)).toEqual({ ok: true, warning: null });
    expect(checkCountryId(9999)).toEqual({
      ok: false,
      message:
        "Country/region 9999 is not a TAPI country/region ID: choose one from the list (for example 1 United States, 107 Canada, 44 United Kingdom, 49 Germany)",
    });
    expect(checkCountryId(9999, { current: 9999 })).toEqual({ ok: true, warning: null });
    expect(checkCountryId(800, { current: 9999 }).ok).toBe(false);
    expect(checkCountryId(999, { allowUnknown: true })).toEqual({
      ok: true,
      warning: "Country/region 999 is not a TAPI country/region ID; kept as it is, but clients may not show this POP under a country",
    });
    expect(checkCountryId(100_000, { allowUnknown: true }).ok).toBe(false);
  });
});
