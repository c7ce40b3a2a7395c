import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { parseImport } from "@/lib/import/parse-import";
import { parseInWorker } from "./parse-in-worker";

const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
const csv = (rows: number, bad = -1) => {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) lines.push(`${i},1,North,City ${i},425,${i === bad ? "CALL-NOW" : `555${i}`},9600,56000,0,MyISP,true,c`);
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
};

describe("parseInWorker", () => {
  it("starts from the sources however many parses ask at first", async () => {
    const answers = await Promise.all([1, 2, 3].map((rows) => parseInWorker(csv(rows), {})));
    expect(answers.map((parsed) => parsed.rows.length)).toEqual([1, 2, 3]);
  }, 60_000);

  it("answers what parseImport answers (rows without their raw cells), off the main thread", async () => {
    const data = csv(32_000);
    await parseInWorker(csv(1), {});
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const parsed = await parseInWorker(data, { maxRows: 32_000 });
    delay.disable();
    const local = parseImport(data, { maxRows: 32_000 });
    expect(parsed).toEqual({ ...local, rows: local.rows.map(({ raw: _raw, ...row }) => row) });
    expect(parsed.rows).toHaveLength(32_000);
    console.log(`32,000 rows through the worker: event-loop delay max ${(delay.max / 1e6).toFixed(0)} ms`);
    expect(delay.max / 1e6).toBeLessThan(200);
  }, 60_000);

  it("reuses a worker for the next parse, and answers each parse on its own", async () => {
    await parseInWorker(csv(1), {});
    // Starting a worker from the sources takes about half a second; a waiting one, no time.
    const started = performance.now();
    for (const rows of [2, 3, 4]) expect((await parseInWorker(csv(rows), {})).rows).toHaveLength(rows);
    expect(performance.now() - started).toBeLessThan(600);
    const [a, b] = await Promise.all([parseInWorker(csv(3), {}), parseInWorker(csv(5, 2), {})]);
    expect([a.rows.length, b.rows.length, b.totalErrors]).toEqual([3, 0, 1]);
  }, 60_000);

  it("sends no rows for a file that will be refused, only the errors and where it stopped", async () => {
    const parsed = await parseInWorker(csv(100, 50), {});
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([expect.objectContaining({ line: 51, column: 6, field: "accessNumber" })]);
    const cut = await parseInWorker(csv(100), { maxRows: 10 });
    expect([cut.rows, cut.stopped]).toEqual([[], { reason: "rows", line: 12, rows: 11, isEndOfFile: false }]);
  }, 60_000);
});
