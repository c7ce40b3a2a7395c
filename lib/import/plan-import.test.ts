import { describe, expect, it } from "vitest";
import { parseImport } from "./parse-import";
import { planImport } from "./plan-import";
import { resolveRegionPositions } from "./resolve-regions";
import { testPop } from "./test-pops";
import type { TCurrentPop, TImportMode } from "./types";

const CURRENT: TCurrentPop[] = [
  testPop({ popIndex: 1, name: "One", region: "Europe", comment: "keep me" }),
  testPop({ popIndex: 2, name: "Two", region: null }),
  testPop({ popIndex: 3, name: "Three", region: "Asia", flags: 96 }),
];
const REGIONS = ["Asia", "Europe"];

function plan(csv: string, mode: TImportMode = "merge", current = CURRENT) {
  const parsed = parseImport(csv);
  expect(parsed.errors).toEqual([]);
  return planImport({ rows: parsed.rows, mode, current, currentRegions: REGIONS });
}

const HEAD = "popIndex,countryCode,region,name,accessNumber,flags,inService,comment,action";

describe("planImport", () => {
  it("merge: upserts rows, deletes delete rows, leaves the rest", () => {
    const result = plan(
      [
        HEAD,
        "1,1,europe,One,5550100,0,true,keep me,",
        "2,1,,Two b,5550100,0,true,,",
        "3,,,,,,,,delete",
        "9,44,Africa,Nine,123,0,false,,",
      ].join("\n"),
    );
    expect(result.errors).toEqual([]);
    expect(result.counts).toEqual({ added: 1, updated: 1, deleted: 1, unchanged: 1 });
    expect(result.adds).toEqual([
      testPop({ popIndex: 9, countryCode: 44, region: "Africa", name: "Nine", accessNumber: "123", inService: false }),
    ]);
    expect(result.updates).toEqual([{ before: CURRENT[1], after: testPop({ popIndex: 2, name: "Two b" }) }]);
    expect(result.deletes).toEqual([3]);
    expect(result.newRegions).toEqual(["Africa"]);
    expect(result.changedIndexes).toEqual([2, 3, 9]);
  });

  it("replace: deletes POPs absent from the file", () => {
    const result = plan([HEAD, "2,1,,Two,5550100,0,true,,", "7,1,,Seven,5550107,0,true,,"].join("\n"), "replace");
    expect(result.counts).toEqual({ added: 1, updated: 0, deleted: 2, unchanged: 1 });
    expect(result.deletes).toEqual([1, 3]);
    expect(result.changedIndexes).toEqual([1, 3, 7]);
  });

  it("replace: delete rows delete too", () => {
    const result = plan([HEAD, "1,1,Europe,One,5550100,0,true,keep me,", "2,,,,,,,,delete"].join("\n"), "replace");
    expect(result.deletes).toEqual([2, 3]);
    expect(result.counts).toEqual({ added: 0, updated: 0, deleted: 2, unchanged: 1 });
  });

  it("refuses add of an existing index and edit/delete of a missing one", () => {
    const result = plan([HEAD, "4,1,,,555,0,,,delete", "1,1,,,555,0,,,add", "5,1,,,555,0,,,edit", "6,1,,,555,0,,,add"].join("\n"));
    expect(result.errors).toEqual([
      { line: 2, column: 0, field: "", message: "POP index 4 does not exist, so it cannot be deleted" },
      { line: 3, column: 0, field: "", message: "POP index 1 already exists: use edit, or leave the action empty to add or update" },
      { line: 4, column: 0, field: "", message: "POP index 5 does not exist: use add, or leave the action empty to add or update" },
    ]);
    expect(result.adds.map((pop) => pop.popIndex)).toEqual([6]);
  });

  it("treats a row equal to its POP as unchanged (region case-insensitively), but not a comment change", () => {
    const same = plan([HEAD, "1,1,EUROPE,One,5550100,0,true,keep me,edit", "3,1,asia,Three,5550100,96,yes,,"].join("\n"));
    expect(same.counts).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: 2 });
    expect(same.changedIndexes).toEqual([]);
    const comment = plan([HEAD, "1,1,Europe,One,5550100,0,true,new note,"].join("\n"));
    expect(comment.updates.map((u) => u.after.comment)).toEqual(["new note"]);
  });

  it("keeps the current region and fields whose column is absent", () => {
    const result = plan("popIndex,countryCode,accessNumber,name\n1,1,5550100,Renamed\n3,1,5550100,Three\n");
    expect(result.counts).toEqual({ added: 0, updated: 1, deleted: 0, unchanged: 1 });
    expect(result.updates[0]?.after).toEqual({ ...CURRENT[0], name: "Renamed" });
  });

  it("folds region spellings: existing first, then the first spelling in the file", () => {
    const result = plan(
      ["popIndex,countryCode,accessNumber,region", "10,1,5,asia", "11,1,5,mars", "12,1,5,MARS", "13,1,5,Venus"].join("\n"),
    );
    expect(result.adds.map((pop) => pop.region)).toEqual(["Asia", "mars", "mars", "Venus"]);
    expect(result.newRegions).toEqual(["mars", "Venus"]);
  });

  it("re-checks speeds after keeping an absent column", () => {
    const current = [testPop({ popIndex: 1, maxSpeed: 9600 })];
    const parsed = parseImport("popIndex,countryCode,accessNumber,minSpeed\n1,1,5550100,56000\n");
    const result = planImport({ rows: parsed.rows, mode: "merge", current, currentRegions: [] });
    expect(result.errors).toEqual([
      { line: 2, column: 0, field: "", message: "Maximum speed (9600) must be at least the minimum speed (56000)" },
    ]);
  });

  it("refuses a country/region outside the TAPI list unless the POP already holds it", () => {
    const legacy = [...CURRENT, testPop({ popIndex: 4, name: "Legacy", countryCode: 9999, region: null })];
    const result = plan(
      [
        "popIndex,countryCode,name,accessNumber",
        "4,9999,Legacy b,5550100", // keeps its stored ID: accepted
        "2,800,Two,5550100", // changes to an unknown ID: refused
        "5,999,New,5550100", // adds one: refused
        "6,107,Canada,5550100",
      ].join("\n"),
      "merge",
      legacy,
    );
    const message = (id: number) =>
      `Country/region ${id} is not a TAPI country/region ID: choose one from the list (for example 1 United States, 107 Canada, 44 United Kingdom, 49 Germany)`;
    expect(result.errors).toEqual([
      { line: 3, column: 2, field: "countryCode", message: message(800) },
      { line: 4, column: 2, field: "countryCode", message: message(999) },
    ]);
    expect(result.updates.map((u) => [u.after.popIndex, u.after.countryCode, u.after.name])).toEqual([[4, 9999, "Legacy b"]]);
    expect(result.adds.map((p) => [p.popIndex, p.countryCode])).toEqual([[6, 107]]);
  });

  it("sorts every list by POP index", () => {
    const result = plan([HEAD, "30,1,,,5,0,,,", "20,1,,,5,0,,,", "3,1,,Changed,5,0,,,", "2,1,,Changed,5,0,,,"].join("\n"), "replace");
    expect(result.adds.map((pop) => pop.popIndex)).toEqual([20, 30]);
    expect(result.updates.map((u) => u.after.popIndex)).toEqual([2, 3]);
    expect(result.deletes).toEqual([1]);
    expect(result.changedIndexes).toEqual([1, 2, 3, 20, 30]);
  });
});

describe("resolveRegionPositions", () => {
  it("maps PBA region positions to names and reports those out of range", () => {
    const parsed = parseImport("1,1,0,A,,555,,,0,,\n2,1,2,B,,555,,,0,,\n3,1,3,C,,555,,,0,,\n");
    const positioned = [
      { name: "Europe", position: 2 },
      { name: "Asia", position: 1 },
    ];
    const { rows, errors } = resolveRegionPositions(parsed.rows, positioned);
    expect(rows.map((row) => [row.popIndex, row.region])).toEqual([
      [1, null],
      [2, "Europe"],
    ]);
    expect(errors).toEqual([
      {
        line: 3,
        column: 3,
        field: "region",
        message: "region position 3 is out of range: the phone book's .pbr has 2 positions (use 1 to 2, or 0 for all regions)",
      },
    ]);
    const merged = planImport({ rows, mode: "merge", current: CURRENT, currentRegions: REGIONS });
    expect(merged.updates.map((u) => [u.after.popIndex, u.after.region, u.after.comment])).toEqual([
      [1, null, "keep me"],
      [2, "Europe", ""],
    ]);
  });

  it("refers to fixed positions, not name order, and refuses a free position", () => {
    const parsed = parseImport("1,1,1,A,,555,,,0,,\n2,1,3,B,,555,,,0,,\n3,1,2,C,,555,,,0,,\n");
    const positioned = [
      { name: "Zulu", position: 1 },
      { name: "Alpha", position: 3 },
    ];
    const { rows, errors } = resolveRegionPositions(parsed.rows, positioned);
    expect(rows.map((row) => [row.popIndex, row.region])).toEqual([
      [1, "Zulu"],
      [2, "Alpha"],
    ]);
    expect(errors).toEqual([
      {
        line: 3,
        column: 3,
        field: "region",
        message: "region position 2 is free (its region was deleted): use the position of an existing region, or 0 for all regions",
      },
    ]);
  });

  it("passes rows without a position unchanged", () => {
    const parsed = parseImport("popIndex,countryCode,accessNumber\n1,1,5\n");
    expect(resolveRegionPositions(parsed.rows, [])).toEqual({ rows: parsed.rows, errors: [] });
  });
});
