import { describe, expect, it } from "vitest";
import { REGIONS } from "./test-fixtures";
import { compareRegions, regionPositions, sortRegions } from "./region-positions";

describe("regionPositions", () => {
  it("numbers regions from 1 by name, case-insensitively", () => {
    expect([...regionPositions(REGIONS)]).toEqual([
      ["r-bel", 1],
      ["r-red", 2],
      ["r-sea", 3],
    ]);
  });

  it("is deterministic on equal names: exact name, then id", () => {
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

  it("refuses a duplicate id", () => {
    expect(() =>
      regionPositions([
        { id: "x", name: "A" },
        { id: "x", name: "B" },
      ]),
    ).toThrow('Region id "x" appears twice');
  });

  it("does not change its input", () => {
    const copy = REGIONS.map((r) => ({ ...r }));
    regionPositions(REGIONS);
    expect(REGIONS).toEqual(copy);
  });
});
