/**
 * Benchmark: our MSZIP writer vs `gcab -cz` on a 65,000-line phone book.
 * Prints figures only (no assertion). Usage: tsx scripts/bench-cab.ts [runs]
 *
 * Our time is in-process (writeCabinet on an in-memory buffer); gcab's time
 * is the wall time of the spawned process (it also reads the file and writes
 * the cabinet), so the comparison slightly favours us by excluding I/O but
 * gcab's process start is only ~1-2 ms.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { readCabinet, writeCabinet, writeCabinetAsync } from "../lib/cab";
import { generatePhoneBook } from "../lib/test/phonebook-gen";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Size of the MSZIP payloads alone for a variant (level, with/without the previous block as dictionary). */
function payloadSize(data: Buffer, level: number, dictionary: boolean): number {
  let total = 0;
  let prev: Buffer | undefined;
  for (let off = 0; off < data.length; off += 32768) {
    const block = data.subarray(off, off + 32768);
    total += 2 + deflateRawSync(block, dictionary && prev ? { level, dictionary: prev } : { level }).length;
    prev = block;
  }
  return total;
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number(process.argv[2] ?? 7));
  const data = generatePhoneBook(65_000);
  const name = "pbk.pbk";
  const date = new Date(Date.UTC(2024, 5, 11, 12, 0, 0));
  const dir = mkdtempSync(join(tmpdir(), "bench-cab-"));
  try {
    const input = join(dir, name);
    writeFileSync(input, data);

    // ours (warm-up once, then median)
    let ours = writeCabinet([{ name, data, date }]);
    const oursTimes: number[] = [];
    for (let i = 0; i < runs; i++) oursTimes.push(timeMs(() => (ours = writeCabinet([{ name, data, date }]))));
    const asyncTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      await writeCabinetAsync([{ name, data, date }]);
      asyncTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const check = readCabinet(ours).files[0];
    if (!check || !check.data.equals(data)) throw new Error("round trip failed");

    // gcab -cz
    const gcabOut = join(dir, "gcab.cab");
    const gcabTimes: number[] = [];
    for (let i = 0; i <= runs; i++) {
      rmSync(gcabOut, { force: true });
      const t = timeMs(() => {
        const r = spawnSync("gcab", ["-cz", gcabOut, name], { cwd: dir });
        if (r.status !== 0) throw new Error(`gcab failed (${r.status}): ${r.stderr?.toString()}`);
      });
      if (i > 0) gcabTimes.push(t); // first run is warm-up
    }
    const gcabSize = statSync(gcabOut).size;
    const gcabFiles = readCabinet(readFileSync(gcabOut)).files;
    const gcabOk = gcabFiles.length === 1 && gcabFiles[0]?.data.equals(data);

    const oursMs = median(oursTimes);
    const asyncMs = median(asyncTimes);
    const gcabMs = median(gcabTimes);
    const mb = data.length / 1e6;
    const pct = (x: number): string => `${(x - 1) * 100 >= 0 ? "+" : ""}${((x - 1) * 100).toFixed(2)}%`;
    console.log(
      `input: 65,000 lines, ${data.length} bytes (${mb.toFixed(2)} MB), ${Math.ceil(data.length / 32768)} CFDATA blocks; ${runs} timed runs each`,
    );
    console.log(
      `ours  writeCabinet      : ${oursMs.toFixed(1)} ms median, ${ours.length} bytes, ${(mb / (oursMs / 1000)).toFixed(1)} MB/s`,
    );
    console.log(`ours  writeCabinetAsync : ${asyncMs.toFixed(1)} ms median`);
    console.log(
      `gcab -cz (process)      : ${gcabMs.toFixed(1)} ms median, ${gcabSize} bytes${gcabOk ? "" : " (our reader could NOT read it back)"}`,
    );
    console.log(`size ratio ours/gcab    : ${(ours.length / gcabSize).toFixed(4)} (${pct(ours.length / gcabSize)}; goal within 2%)`);
    console.log(`time ratio ours/gcab    : ${(oursMs / gcabMs).toFixed(2)}x (goal <= 1.5x)`);
    console.log(`compression ratio       : ${((ours.length / data.length) * 100).toFixed(1)}% of input`);
    console.log("MSZIP payload bytes by variant (for the level/dictionary decision):");
    for (const level of [6, 9]) {
      for (const dict of [false, true]) {
        const t0 = process.hrtime.bigint();
        const size = payloadSize(data, level, dict);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        console.log(`  level ${level}, ${dict ? "with   " : "without"} dictionary: ${size} bytes, ${ms.toFixed(1)} ms`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
