import { describe, expect, it } from "vitest";
import { applyDelta, computeDelta, deleteLine, diffPbk, summarizeDelta } from "./delta";
import { makePop, POPS, REGIONS } from "./test-fixtures";
import { renderPbk } from "./render-pbk";

const V1 =
  "5,44,0,,,02079460000,,,0,0,\r\n" + "7,1,1,Bellevue,425,5550100,,28800,0,4,\r\n" + "23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP\r\n";

describe("computeDelta", () => {
  it("delete lines have exactly 10 commas and country code 0", () => {
    expect(deleteLine(42)).toBe("42,0,0,,,,,,,,");
    expect(deleteLine(42).split(",")).toHaveLength(11);
  });

  it("golden: add, change, remove, take out of service, sorted by index", () => {
    const pops = POPS.map((p) => (p.popIndex === 23 ? { ...p, accessNumber: "5550199" } : p))
      .map((p) => (p.popIndex === 7 ? { ...p, inService: false } : p))
      .filter((p) => p.popIndex !== 5)
      .concat([makePop({ popIndex: 6, accessNumber: "1234" }), makePop({ popIndex: 100000, countryCode: 49, accessNumber: "030" })]);
    const v2 = renderPbk({ pops, regions: REGIONS });
    expect(renderPbk({ pops: POPS, regions: REGIONS })).toBe(V1);
    expect(computeDelta(V1, v2)).toBe(
      "5,0,0,,,,,,,,\r\n" +
        "6,1,0,,,1234,,,0,0,\r\n" +
        "7,0,0,,,,,,,,\r\n" +
        "23,1,2,Redmond,425,5550199,9600,56000,0,96,MyISP\r\n" +
        "100000,49,0,,,030,,,0,0,\r\n",
    );
  });

  it("a region rename or a new region changes no line (positions are fixed)", () => {
    const renamed = REGIONS.map((r) => (r.id === "r-sea" ? { ...r, name: "Auburn" } : r));
    expect(computeDelta(V1, renderPbk({ pops: POPS, regions: renamed }))).toBe("");
    const added = [...REGIONS, { id: "r-aa", name: "Aachen", position: 4 }];
    expect(computeDelta(V1, renderPbk({ pops: POPS, regions: added }))).toBe("");
  });

  it("no change gives the empty delta", () => {
    expect(computeDelta(V1, V1)).toBe("");
    expect(computeDelta("", "")).toBe("");
  });

  it("from and to the empty phone book", () => {
    expect(computeDelta("", V1)).toBe(V1);
    expect(computeDelta(V1, "")).toBe("5,0,0,,,,,,,,\r\n7,0,0,,,,,,,,\r\n23,0,0,,,,,,,,\r\n");
  });

  it("gives the same result for unsorted input (Map path) as for sorted input", () => {
    const v2 = "6,1,0,,,1234,,,0,0,\r\n23,1,2,Redmond,425,5550199,9600,56000,0,96,MyISP\r\n";
    const shuffled = (text: string) => text.split("\r\n").filter(Boolean).reverse().join("\n") + "\n";
    expect(computeDelta(shuffled(V1), shuffled(v2))).toBe(computeDelta(V1, v2));
    expect(applyDelta(shuffled(V1), shuffled(computeDelta(V1, v2)))).toBe(v2);
  });

  it("refuses a line that does not start with a POP index", () => {
    expect(() => computeDelta("abc,1\r\n", "")).toThrow('Line "abc,1" does not start with a POP index');
    expect(() => applyDelta("", ",1,0\r\n")).toThrow(/does not start with a POP index/);
  });

  it("refuses a file with a duplicate index", () => {
    expect(() => computeDelta("1,1,0,,,1,,,0,0,\r\n1,1,0,,,2,,,0,0,\r\n", "")).toThrow("POP index 1 appears twice in the old phone book");
    expect(() => computeDelta("", "1,1,0,,,1,,,0,0,\r\n1,1,0,,,2,,,0,0,\r\n")).toThrow("POP index 1 appears twice in the new phone book");
  });
});

describe("applyDelta", () => {
  it("upserts, deletes and sorts numerically", () => {
    const pbd = "5,0,0,,,,,,,,\r\n6,1,0,,,1234,,,0,0,\r\n23,1,2,X,,1,,,0,0,\r\n";
    expect(applyDelta(V1, pbd)).toBe("6,1,0,,,1234,,,0,0,\r\n7,1,1,Bellevue,425,5550100,,28800,0,4,\r\n23,1,2,X,,1,,,0,0,\r\n");
  });

  it("ignores a delete of an index it does not have, accepts LF input", () => {
    expect(applyDelta(V1.replaceAll("\r\n", "\n"), "999,0,0,,,,,,,,\n")).toBe(V1);
  });

  it("applies and summarises lines of 11 commas (a trailing comma) like lines of 10", () => {
    const legacy = "5,44,0,,,02079460000,,,0,0,,\r\n7,1,1,Bellevue,425,5550100,,28800,0,4,,\r\n";
    const pbd = "5,0,0,,,,,,,,,\r\n8,1,0,,,1,,,0,0,,\r\n";
    expect(applyDelta(legacy, pbd)).toBe("7,1,1,Bellevue,425,5550100,,28800,0,4,,\r\n8,1,0,,,1,,,0,0,,\r\n");
    expect(summarizeDelta(pbd)).toEqual({ upserts: 1, deletes: 1 });
    expect(diffPbk(legacy, "7,1,1,Bellevue,425,5550100,,28800,0,4,\r\n").removed).toEqual(["5,44,0,,,02079460000,,,0,0,,"]);
  });

  it("round-trips the golden delta", () => {
    const v2 = "6,1,0,,,1234,,,0,0,\r\n23,1,2,Redmond,425,5550199,9600,56000,0,96,MyISP\r\n";
    expect(applyDelta(V1, computeDelta(V1, v2))).toBe(v2);
  });
});

describe("summarizeDelta and diffPbk", () => {
  const v2 = "6,1,0,,,1234,,,0,0,\r\n7,1,1,Bellevue,425,5550100,,28800,0,4,\r\n23,1,2,Redmond,425,5550199,9600,56000,0,96,MyISP\r\n";

  it("counts upserts and deletes", () => {
    expect(summarizeDelta(computeDelta(V1, v2))).toEqual({ upserts: 2, deletes: 1 });
    expect(summarizeDelta("")).toEqual({ upserts: 0, deletes: 0 });
  });

  it("lists added, changed and removed lines", () => {
    expect(diffPbk(V1, v2)).toEqual({
      added: ["6,1,0,,,1234,,,0,0,"],
      changed: [
        {
          before: "23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP",
          after: "23,1,2,Redmond,425,5550199,9600,56000,0,96,MyISP",
        },
      ],
      removed: ["5,44,0,,,02079460000,,,0,0,"],
    });
  });
});
