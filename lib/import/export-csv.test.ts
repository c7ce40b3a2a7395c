import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validatePopFields, type TPopFields } from "@/lib/phonebook";
import { exportCsv } from "./export-csv";
import { parseImport } from "./parse-import";
import { planImport } from "./plan-import";
import { testPop } from "./test-pops";
import type { TCurrentPop } from "./types";

const HEADER =
  '"popIndex","countryCode","region","name","areaCode","accessNumber","minSpeed","maxSpeed","flags","dialupEntry","inService","comment"';

function roundTrip(pops: TCurrentPop[], regions: string[]) {
  const parsed = parseImport(new TextEncoder().encode(exportCsv(pops)));
  expect(parsed.errors).toEqual([]);
  return { parsed, plan: planImport({ rows: parsed.rows, mode: "merge", current: pops, currentRegions: regions }) };
}

describe("exportCsv", () => {
  it("writes the header, CRLF lines sorted by index, every field quoted", () => {
    const csv = exportCsv([
      testPop({ popIndex: 23, region: "Europe", name: "Redmond", minSpeed: 9600, flags: 96, comment: 'say "hi", twice' }),
      testPop({ popIndex: 5, inService: false, comment: "two\r\nlines" }),
    ]);
    expect(csv).toBe(
      `${HEADER}\r\n` +
        `"5","1","","","","5550100","","","0","","false","two\r\nlines"\r\n` +
        `"23","1","Europe","Redmond","","5550100","9600","","96","","true","say ""hi"", twice"\r\n`,
    );
  });

  it("neutralises formula cells and the import restores them", () => {
    const pop = testPop({
      popIndex: 1,
      region: "=Region",
      name: "+Name",
      areaCode: "42",
      accessNumber: "-5550100",
      dialupEntry: "@dial",
      comment: "'=already quoted",
    });
    const csv = exportCsv([pop]);
    expect(csv.split("\r\n")[1]).toBe(`"1","1","'=Region","'+Name","42","'-5550100","","","0","'@dial","true","''=already quoted"`);
    const { parsed, plan } = roundTrip([pop], ["=Region"]);
    expect(parsed.rows[0]?.fields).toEqual(fieldsOf(pop));
    expect(parsed.rows[0]?.region).toBe("=Region");
    expect(plan.counts).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: 1 });
  });

  it("neutralises formula starts after ';', tab and '|' inside cells and the import restores them", () => {
    const pop = testPop({
      popIndex: 7,
      region: "Lyon;=1+1",
      name: "Paris|@SUM(A1)",
      dialupEntry: "dial;-2;+3",
      comment: "note\t=HYPERLINK(1);'=kept",
    });
    const csv = exportCsv([pop]);
    expect(csv.split("\r\n")[1]).toBe(
      `"7","1","Lyon;'=1+1","Paris|'@SUM(A1)","","5550100","","","0","dial;'-2;'+3","true","note\t'=HYPERLINK(1);''=kept"`,
    );
    const { parsed, plan } = roundTrip([pop], ["Lyon;=1+1"]);
    expect(parsed.rows[0]?.fields).toEqual(fieldsOf(pop));
    expect(parsed.rows[0]?.region).toBe("Lyon;=1+1");
    expect(plan.counts).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: 1 });
    expect(plan.newRegions).toEqual([]);
  });

  it("round-trips a 1,000-character comment of quotes", () => {
    const pop = testPop({ popIndex: 1, comment: '"'.repeat(1_000) });
    expect(roundTrip([pop], []).plan.counts.unchanged).toBe(1);
  });

  it("export → parse → plan (merge and replace) reports no change for any valid phone book", () => {
    const chars = (set: string, maxLength: number) => fc.string({ unit: fc.constantFrom(...set), maxLength });
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join("");
    const tricky = `'=+-@\t\r\n",;| x`;
    // Printable text, or text of formula starts, quotes and separators only.
    const text = (allowed: string, maxLength: number) => fc.oneof(chars(allowed, maxLength), chars("'=+-@;| x", maxLength));
    const regionName = text(printable.replace(",", ""), 31)
      .map((name) => name.trim())
      .filter((name) => name !== "");
    const popInput = fc.record({
      popIndex: fc.integer({ min: 1, max: 2_147_483_647 }),
      countryCode: fc.integer({ min: 1, max: 99_999 }),
      name: text(printable.replace(/[,"]/g, ""), 30),
      areaCode: chars("0123456789- ", 10),
      accessNumber: chars("0123456789#*- ", 35),
      minSpeed: fc.option(fc.integer({ min: 0, max: 2_147_483_647 })),
      maxSpeed: fc.option(fc.integer({ min: 0, max: 2_147_483_647 })),
      flags: fc.integer({ min: 0, max: 255 }).map((flags) => flags & 0x7e),
      dialupEntry: text(printable.replace(",", ""), 50),
      inService: fc.boolean(),
      comment: fc.oneof(fc.string({ unit: "grapheme", maxLength: 100 }), chars(tricky, 30)).map((text) => text.replaceAll("\0", "")),
      regionSlot: fc.integer({ min: -1, max: 4 }),
    });
    const book = fc
      .record({
        regions: fc.uniqueArray(regionName, { maxLength: 5, selector: (name) => name.toLowerCase() }),
        inputs: fc.uniqueArray(popInput, { minLength: 1, maxLength: 30, selector: (input) => input.popIndex }),
      })
      .map(({ regions, inputs }) => {
        const pops: TCurrentPop[] = [];
        for (const { regionSlot, ...input } of inputs) {
          const validated = validatePopFields(input);
          if (validated.ok) pops.push({ ...validated.value, region: regions[regionSlot] ?? null });
        }
        return { regions, pops };
      })
      .filter(({ pops }) => pops.length > 0);

    fc.assert(
      fc.property(book, ({ regions, pops }) => {
        const { parsed, plan } = roundTrip(pops, regions);
        const byIndex = new Map(pops.map((pop) => [pop.popIndex, pop]));
        for (const row of parsed.rows) {
          const pop = byIndex.get(row.popIndex) ?? testPop({ popIndex: 0 });
          expect(row.fields).toEqual(fieldsOf(pop));
          expect(row.region).toBe(pop.region);
        }
        expect(plan.errors).toEqual([]);
        expect(plan.counts).toEqual({ added: 0, updated: 0, deleted: 0, unchanged: pops.length });
        expect(plan.newRegions).toEqual([]);
        const replaced = planImport({ rows: parsed.rows, mode: "replace", current: pops, currentRegions: regions });
        expect(replaced.changedIndexes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

function fieldsOf(pop: TCurrentPop): TPopFields {
  const { region: _region, ...fields } = pop;
  return fields;
}
