import { describe, expect, it } from "vitest";
import { REGIONS } from "./test-fixtures";
import { compareRegions, FREE_POSITION_NAME, isReservedRegionName, pbrLines, regionPositions, sortRegions } from "./region-positions";

describe("regionPositions", () => {
  it("maps each region id to its own fixed position, whatever the names", () => {
    expect(regionPositions(REGIONS)).toEqual(
      new Map([
        ["r-sea", 3],
        ["r-red", 2],
        ["r-bel", 1],
      ]),
    );
    const renamed = REGIONS.map((r) => (r.id === "r-sea" ? { ...r, name: "Aachen" } : r));
    expect(regionPositions(renamed).get("r-sea")).toBe(3);
  });

  it("refuses a duplicate id, a shared position and a position below 1", () => {
    expect(() =>
      regionPositions([
        { id: "x", name: "A", position: 1 },
        { id: "x", name: "B", position: 2 },
      ]),
    ).toThrow('Region id "x" appears twice');
    expect(() =>
      regionPositions([
        { id: "x", name: "A", position: 2 },
        { id: "y", name: "B", position: 2 },
      ]),
    ).toThrow("Two regions have position 2");
    expect(() => regionPositions([{ id: "x", name: "A", position: 0 }])).toThrow('Region "A" has position 0');
    expect(() => regionPositions([{ id: "x", name: "A", position: 1.5 }])).toThrow("whole numbers from 1");
  });
});

describe("pbrLines", () => {
  it("writes one line per position, a placeholder for a free one, nothing past the highest", () => {
    const regions = [
      { id: "z", name: "Zulu", position: 1 },
      { id: "a", name: "Aachen", position: 4 },
      { id: "m", name: "Mitte", position: 2 },
    ];
    expect(pbrLines(regions)).toEqual(["Zulu", "Mitte", FREE_POSITION_NAME, "Aachen"]);
    expect(FREE_POSITION_NAME).toBe("(unused)");
    expect(pbrLines([])).toEqual([]);
  });

  it("refuses positions that clash", () => {
    expect(() =>
      pbrLines([
        { id: "a", name: "A", position: 1 },
        { id: "b", name: "B", position: 1 },
      ]),
    ).toThrow("Two regions have position 1");
  });

  it("reserves the placeholder name, in any case and with spaces around it", () => {
    expect(isReservedRegionName("(unused)")).toBe(true);
    expect(isReservedRegionName(" (UNUSED) ")).toBe(true);
    expect(isReservedRegionName("unused")).toBe(false);
  });
});

describe("sortRegions (listing order)", () => {
  it("is by name, case-insensitively, then exact name, then id", () => {
    const regions = [
      { id: "b", name: "east" },
      { id: "a", name: "east" },
      { id: "c", name: "East" },
    ];
    expect(sortRegions(regions).map((r) => r.id)).toEqual(["c", "a", "b"]);
    expect(sortRegions([...regions].reverse()).map((r) => r.id)).toEqual(["c", "a", "b"]);
  });

  it('uses ASCII lower-case ordinal order ("_" sorts before letters)', () => {
    expect(
      sortRegions([
        { id: "1", name: "a" },
        { id: "2", name: "_x" },
        { id: "3", name: "B" },
      ]).map((r) => r.name),
    ).toEqual(["_x", "a", "B"]);
    expect(compareRegions({ id: "1", name: "a" }, { id: "1", name: "a" })).toBe(0);
  });

  it("does not change its input", () => {
    const copy = REGIONS.map((r) => ({ ...r }));
    sortRegions(REGIONS);
    expect(REGIONS).toEqual(copy);
  });
});
