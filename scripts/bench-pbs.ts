/**
 * Benchmark: the standalone PBS server against a bare node:http server answering 204
 * (SPEC §9 goals: ≥ 20,000 no-update/s and ≥ 50 % of bare; ≥ 10,000 delta/s). Creates a
 * throw-away database on TEST_PG_URL (default local PostgreSQL), publishes a phone book whose
 * latest delta cab is about 5 KB, then runs `wrk -t2 -c64 -d10s --latency` against each.
 * Prints figures only. Env: BENCH_PBS_SECONDS (10), BENCH_PBS_CONNECTIONS (64).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { openScratchDatabase } from "@/lib/test/scratch-db";

const WRK = "/usr/bin/wrk";
const seconds = Number(process.env.BENCH_PBS_SECONDS ?? 10);
const connections = Number(process.env.BENCH_PBS_CONNECTIONS ?? 64);

type TWrk = { rps: number; p50: string; p99: string; errors: number; non2xx: number; raw: string };

/** Runs wrk as a child process; the servers under test live in this process, so never block. */
async function wrk(target: string, duration: number): Promise<TWrk> {
  const child = spawn(WRK, ["-t2", `-c${connections}`, `-d${duration}s`, "--latency", target]);
  let raw = "";
  child.stdout.on("data", (c: Buffer) => (raw += c.toString()));
  child.stderr.on("data", (c: Buffer) => (raw += c.toString()));
  await new Promise((resolve) => child.on("close", resolve));
  const num = (re: RegExp) => Number(re.exec(raw)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(raw);
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50: /\n\s+50%\s+(\S+)/.exec(raw)?.[1] ?? "?",
    p99: /\n\s+99%\s+(\S+)/.exec(raw)?.[1] ?? "?",
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx: num(/Non-2xx or 3xx responses:\s+(\d+)/),
    raw,
  };
}

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

async function main(): Promise<void> {
  if (!existsSync(WRK)) {
    console.log(`wrk is not installed at ${WRK}: PBS benchmark skipped`);
    return;
  }
  const scratch = await openScratchDatabase("pba_bench_pbs");
  const { db } = await import("@/lib/server/db");
  const { makeOrg } = await import("@/lib/test/fixtures");
  const { seedPops } = await import("@/lib/test/seed-pops");
  const { publishVersion } = await import("@/lib/server/versions/publish-version");
  const { FilesystemStorage } = await import("@/lib/server/storage/filesystem");
  const { startPbsServer } = await import("@/lib/server/pbs/pbs-server");
  const { createPbsCounters } = await import("@/lib/server/pbs/pbs-counters");
  const { silentLogger } = await import("@/lib/server/log");
  const storageDir = mkdtempSync(path.join(tmpdir(), "pba-bench-pbs-"));
  const storage = new FilesystemStorage(storageDir);
  try {
    const { actors } = await makeOrg(["admin"]);
    const actor = actors.admin;
    const pb = await db.phonebook.create({ data: { orgId: actor.orgId, name: "BENCH", nameKey: "BENCH" } });
    await seedPops(pb.id, 20_000, []);
    let published = await publishVersion({ actor, phonebookName: "BENCH", storage });
    // Change POPs until the newest delta cab is about 5 KB (≈ 5,120 bytes).
    let changes = 300;
    let deltaSize = 0;
    for (let round = 1; round <= 6; round++) {
      await db.$executeRaw`UPDATE pop SET name = ${`R${round} `} || pop_index::text WHERE phonebook_id = ${pb.id}::uuid AND pop_index <= ${changes}`;
      published = await publishVersion({ actor, phonebookName: "BENCH", storage });
      deltaSize = published.artifacts.find((a) => a.name === `BENCH_${published.version}_from_${published.version - 1}.cab`)?.size ?? 0;
      if (deltaSize > 4_600 && deltaSize < 5_600) break;
      changes = Math.max(1, Math.round((changes * 5_120) / Math.max(deltaSize, 1)));
    }
    const V = published.version;
    const full = published.artifacts.find((a) => a.name === `BENCH_${V}_full.cab`)?.size ?? 0;
    console.log(
      `published BENCH v${V}: 20,000 POPs, full cab ${full.toLocaleString("en")} B, delta cab from v${V - 1} ${deltaSize.toLocaleString("en")} B (${changes} changed POPs)`,
    );
    await db.$disconnect();

    const bare = createServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const bareUrl = await listen(bare);
    const counters = createPbsCounters({ flushMs: 3_600_000, logger: silentLogger() });
    const pbs = await startPbsServer({
      port: 0,
      host: "127.0.0.1",
      storage,
      defaultOrg: actor.orgSlug,
      accessLog: false,
      counters,
      logger: silentLogger(),
    });
    const query = (pbver: number) => `${pbs.url}/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${pbver}&pb=Bench`;
    // Bare runs first and last: the machine's load drifts, the ratio uses their mean.
    const runs: [string, string][] = [
      ["bare node:http 204", `${bareUrl}/`],
      [`PBS no-update (pbver=${V})`, query(V)],
      [`PBS delta (pbver=${V - 1}, ${deltaSize} B)`, query(V - 1)],
      ["bare node:http 204 (again)", `${bareUrl}/`],
    ];
    const results = new Map<string, TWrk>();
    console.log(`\nwrk -t2 -c${connections} -d${seconds}s --latency (after a 2 s warm-up each), ${process.arch}, node ${process.version}`);
    console.log(
      `${"target".padEnd(34)} ${"req/s".padStart(10)} ${"p50".padStart(9)} ${"p99".padStart(9)} ${"errors".padStart(7)} ${"non-2xx".padStart(8)}`,
    );
    for (const [label, target] of runs) {
      await wrk(target, 2);
      const r = await wrk(target, seconds);
      results.set(label, r);
      if (r.rps === 0) console.log(r.raw);
      console.log(
        `${label.padEnd(34)} ${r.rps.toFixed(0).padStart(10)} ${r.p50.padStart(9)} ${r.p99.padStart(9)} ${String(r.errors).padStart(7)} ${String(r.non2xx).padStart(8)}`,
      );
    }
    const [bareRun, noUpdate, delta, bareAgain] = [...results.values()];
    if (bareRun && noUpdate && delta && bareAgain) {
      const bareRps = (bareRun.rps + bareAgain.rps) / 2;
      console.log(
        `no-update / bare (mean of both bare runs, ${bareRps.toFixed(0)}/s): ${((noUpdate.rps / bareRps) * 100).toFixed(0)} % (goal ≥ 50 %)`,
      );
      console.log(`goals: no-update ≥ 20,000/s (${noUpdate.rps.toFixed(0)}), delta ≥ 10,000/s (${delta.rps.toFixed(0)})`);
    }
    const hits = counters.pending().reduce((sum, r) => sum + r.noUpdate + r.delta, 0);
    console.log(`PBS counted ${hits.toLocaleString("en")} hits in memory; cache: ${JSON.stringify(pbs.cache.stats())}`);
    await pbs.close();
    await counters.close();
    await new Promise((resolve) => bare.close(resolve));
  } finally {
    rmSync(storageDir, { recursive: true, force: true });
    await db.$disconnect().catch(() => undefined);
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
