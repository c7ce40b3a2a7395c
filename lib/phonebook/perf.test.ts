import { describe, expect, it } from "vitest";
import { applyDelta, computeDelta, summarizeDelta } from "./delta";
import { MAX_POPS_PER_PHONEBOOK } from "./limits";
import type { TPbkRegion } from "./region-positions";
import { renderPbk, type TPbkPop } from "./render-pbk";

function bigBook(): { pops: TPbkPop[]; regions: TPbkRegion[] } {
  const regions = Array.from({ length: 60 }, (_, i) => ({ id: `r${i}`, name: `Region ${String(i).padStart(2, "0")}`, position: i + 1 }));
  const pops = Array.from({ length: MAX_POPS_PER_PHONEBOOK }, (_, i): TPbkPop => ({
    popIndex: MAX_POPS_PER_PHONEBOOK * 3 - i * 3,
    countryCode: [1, 44, 49, 33][i % 4] as number,
    regionId: i % 7 === 0 ? null : `r${i % 60}`,
    name: `City number ${i}`,
    areaCode: String(200 + (i % 700)),
    accessNumber: `555-${String(i).padStart(7, "0")}`,
    minSpeed: i % 3 === 0 ? null : 9600,
    maxSpeed: i % 5 === 0 ? null : 56000,
    flags: (i % 64) << 1,
    dialupEntry: i % 2 === 0 ? "MyISP Dial-up" : "",
    inService: i % 50 !== 0,
  }));
  return { pops, regions };
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

describe("performance at 65,000 POPs (printed, not asserted)", () => {
  it("renders and diffs a full phone book", () => {
    // Strings as a database driver hands them over (flat, not ropes from template literals).
    const { pops, regions } = JSON.parse(JSON.stringify(bigBook())) as ReturnType<typeof bigBook>;
    // 6,000 edits, plus the POPs of a region moved to "all regions" (as deleting it does).
    const edited = pops
      .map((pop, i) => (i % 11 === 0 ? { ...pop, accessNumber: pop.accessNumber + "9" } : pop))
      .map((pop) => (pop.regionId === "r5" ? { ...pop, regionId: null } : pop));
    const renamed = regions.filter((r) => r.id !== "r5");

    const runs: string[] = [];
    for (let run = 1; run <= 3; run++) {
      const [v1, renderMs] = time(() => renderPbk({ pops, regions }));
      const v2 = renderPbk({ pops: edited, regions: renamed });
      const [pbd, deltaMs] = time(() => computeDelta(v1, v2));
      const [applied, applyMs] = time(() => applyDelta(v1, pbd));
      expect(applied).toBe(v2);
      expect(summarizeDelta(pbd).upserts).toBeGreaterThan(6000);
      runs.push(
        `run ${run}: renderPbk ${renderMs.toFixed(1)} ms (${(v1.length / 1e6).toFixed(2)} MB), ` +
          `computeDelta ${deltaMs.toFixed(1)} ms (${summarizeDelta(pbd).upserts} upserts), applyDelta ${applyMs.toFixed(1)} ms`,
      );
    }
    console.log(`65,000 POPs\n${runs.join("\n")}`);
  });
});
