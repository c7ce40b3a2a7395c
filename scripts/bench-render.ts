/**
 * Benchmark: render a 65,000-POP phone book (.pbk + .pbr) and compute the delta against the
 * previous version (6,000 edits + a region rename) — issue goal < 300 ms. Pure, no I/O.
 */
import { computeDelta } from "@/lib/phonebook/delta";
import { renderPbk } from "@/lib/phonebook/render-pbk";
import { renderPbr } from "@/lib/phonebook/render-pbr";
import type { TPbkPop } from "@/lib/phonebook/render-pbk";

const regions = Array.from({ length: 60 }, (_, i) => ({ id: `r${i}`, name: `Region ${String(i).padStart(2, "0")}`, position: i + 1 }));
const pops: TPbkPop[] = Array.from({ length: 65_000 }, (_, i) => ({
  popIndex: i + 1,
  countryCode: [1, 44, 49, 33][i % 4] ?? 1,
  regionId: i % 7 === 0 ? null : `r${i % 60}`,
  name: `City number ${i}`,
  areaCode: String(200 + (i % 700)),
  accessNumber: `555-${String(i).padStart(7, "0")}`,
  minSpeed: 9600,
  maxSpeed: 56000,
  flags: (i % 64) << 1,
  dialupEntry: "MyISP",
  inService: i % 50 !== 0,
}));
const previous = renderPbk({ pops, regions });
const edited = pops.map((p, i) => (i % 11 === 0 ? { ...p, accessNumber: `${p.accessNumber}9` } : p));
const renamed = regions.map((r, i) => (i === 0 ? { ...r, name: "ZZ last" } : r)); // keeps every position

const times: number[] = [];
let lines = 0;
for (let run = 0; run < 7; run++) {
  const t0 = performance.now();
  const pbk = renderPbk({ pops: edited, regions: renamed });
  renderPbr(renamed);
  const pbd = computeDelta(previous, pbk);
  times.push(performance.now() - t0);
  lines = pbd.split("\r\n").length - 1;
}
times.sort((a, b) => a - b);
console.log(
  `render 65,000 POPs + .pbr + delta vs previous (${lines.toLocaleString("en")} delta lines): median ${times[3]?.toFixed(0)} ms, best ${times[0]?.toFixed(0)} ms   goal < 300 ms`,
);
