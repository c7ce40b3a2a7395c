import { describe, expect, it } from "vitest";
import { listCountries } from "@/lib/phonebook/countries";
import { exportCsv } from "./export-csv";
import { parseImport } from "./parse-import";
import { planImport } from "./plan-import";
import { testPop } from "./test-pops";
import type { TCurrentPop } from "./types";

const REGIONS = Array.from({ length: 20 }, (_, i) => `Region ${i + 1}`);
const COUNTRY_IDS = listCountries().map((country) => country.id);

function generatedPop(popIndex: number, comment: string): TCurrentPop {
  return testPop({
    popIndex,
    countryCode: COUNTRY_IDS[popIndex % COUNTRY_IDS.length] ?? 1,
    region: popIndex % 21 === 0 ? null : (REGIONS[popIndex % 20] ?? null),
    name: `City ${popIndex}`,
    areaCode: String(200 + (popIndex % 700)),
    accessNumber: `555 ${String(popIndex).padStart(7, "0")}`,
    minSpeed: 9600,
    maxSpeed: 56000,
    flags: 96,
    dialupEntry: `Dial-${popIndex % 10}`,
    inService: popIndex % 13 !== 0,
    comment,
  });
}

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
}

describe("import performance", () => {
  it("parses 32,000 rows (~3 MB) and plans them against 65,000 POPs", () => {
    const fileIndexes = Array.from({ length: 32_000 }, (_, i) => 50_001 + i);
    const csv = exportCsv(fileIndexes.map((i) => generatedPop(i, `imported from the 2024 roll-out, batch ${i % 97}`)));
    const bytes = new TextEncoder().encode(csv);
    const current = Array.from({ length: 65_000 }, (_, i) => {
      const popIndex = i + 1;
      return generatedPop(popIndex, popIndex % 4 === 0 ? "old note" : `imported from the 2024 roll-out, batch ${popIndex % 97}`);
    });

    const [parsed, parseMs] = time(() => parseImport(bytes));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(32_000);
    const [plan, planMs] = time(() => planImport({ rows: parsed.rows, mode: "merge", current, currentRegions: REGIONS }));
    expect(plan.counts).toEqual({ added: 17_000, updated: 3_750, deleted: 0, unchanged: 11_250 });
    expect(plan.errors).toEqual([]);
    const [replaced, replaceMs] = time(() => planImport({ rows: parsed.rows, mode: "replace", current, currentRegions: REGIONS }));
    expect(replaced.counts.deleted).toBe(50_000);

    console.log(
      `import of ${parsed.rows.length} rows (${(bytes.length / 1e6).toFixed(2)} MB): parse+validate ${parseMs.toFixed(0)} ms, ` +
        `plan vs ${current.length} POPs: merge ${planMs.toFixed(0)} ms, replace ${replaceMs.toFixed(0)} ms`,
    );
  });
});
