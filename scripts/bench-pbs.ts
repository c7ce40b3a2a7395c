/**
 * Benchmark: the standalone PBS exactly as shipped — `npm run pbs` in its own process, with
 * its default settings (access log on, counters flushing to PostgreSQL, PBS_WORKERS default)
 * — beside, in the same run, a bare node:http server answering 204 and nginx (Debian's
 * nginx-light, `worker_processes auto`, access log on) serving the same delta cab as a static
 * file. Publishes a 20,000-POP phone book whose newest delta cab is about 5 KB on a throw-away
 * database (TEST_PG_URL), runs `wrk -t2 -c64 -d10s --latency` against each, and prints the
 * figures and the ratios against the targets of issue 14 (README "Benchmarks"). After the
 * run it stops the PBS (which flushes) and checks that its counters in PostgreSQL add up to
 * the requests wrk made. Env: BENCH_PBS_SECONDS (10), BENCH_PBS_CONNECTIONS (64).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openScratchDatabase } from "@/lib/test/scratch-db";
import {
  buildEntryPoints,
  freePort,
  requireTools,
  shippedPbsEnv,
  startBareNode,
  startNginx,
  startProcess,
  wrk,
  type TProcess,
  type TWrk,
} from "./bench-servers";

const seconds = Number(process.env.BENCH_PBS_SECONDS ?? 10);
const connections = Number(process.env.BENCH_PBS_CONNECTIONS ?? 64);

async function main(): Promise<void> {
  const missing = requireTools();
  if (missing) {
    console.log(`PBS benchmark not run: ${missing}`);
    return;
  }
  const scratch = await openScratchDatabase("pba_bench_pbs");
  const { db } = await import("@/lib/server/db");
  const { makeOrg } = await import("@/lib/test/fixtures");
  const { seedPops } = await import("@/lib/test/seed-pops");
  const { publishVersion } = await import("@/lib/server/versions/publish-version");
  const { FilesystemStorage } = await import("@/lib/server/storage/filesystem");
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

    buildEntryPoints();
    const deltaKey = `${actor.orgSlug}/BENCH/${V}/BENCH_${V}_from_${V - 1}.cab`;
    const www = path.join(storageDir, "..", `www-${process.pid}`);
    mkdirSync(www, { recursive: true });
    copyFileSync(path.join(storageDir, deltaKey), path.join(www, "delta.cab"));
    const pbsPort = await freePort();
    const procs: TProcess[] = [];
    try {
      const pbs = await startProcess({
        command: "npm",
        args: ["run", "--silent", "pbs"],
        env: shippedPbsEnv({
          DATABASE_URL: scratch.url,
          STORAGE_DIR: storageDir,
          PBS_PORT: String(pbsPort),
          PBS_DEFAULT_ORG: actor.orgSlug,
        }),
        url: `http://127.0.0.1:${pbsPort}`,
        healthUrl: `http://127.0.0.1:${pbsPort}/health`,
        logFile: path.join(storageDir, "..", `pbs-${process.pid}.log`),
      });
      procs.push(pbs);
      const bare = await startBareNode(path.dirname(storageDir));
      procs.push(bare);
      const nginx = await startNginx(
        path.dirname(storageDir),
        "static",
        () => `root ${www}; location / { default_type application/vnd.ms-cab-compressed; }`,
      );
      procs.push(nginx);
      const query = (pbver: number) =>
        `${pbs.url}/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${pbver}&pb=Bench`;
      // Bare runs first and last: the machine's load drifts, the ratio uses their mean.
      const runs: [string, string][] = [
        ["bare node:http 204", `${bare.url}/`],
        [`PBS no-update (pbver=${V})`, query(V)],
        [`PBS delta (pbver=${V - 1}, ${deltaSize} B)`, query(V - 1)],
        [`nginx static delta (${deltaSize} B)`, `${nginx.url}/delta.cab`],
        ["bare node:http 204 (again)", `${bare.url}/`],
      ];
      const results: TWrk[] = [];
      console.log(
        `\nwrk -t2 -c${connections} -d${seconds}s --latency (after a 2 s warm-up each), ${process.arch}, node ${process.version}`,
      );
      console.log(
        `${"target".padEnd(36)} ${"req/s".padStart(10)} ${"p50".padStart(9)} ${"p99".padStart(9)} ${"errors".padStart(7)} ${"non-2xx".padStart(8)}`,
      );
      let pbsRequests = 0;
      for (const [label, target] of runs) {
        const warm = await wrk(target, 2, connections);
        const r = await wrk(target, seconds, connections);
        if (target.startsWith(pbs.url)) pbsRequests += warm.requests + r.requests;
        results.push(r);
        if (r.rps === 0) console.log(r.raw);
        console.log(
          `${label.padEnd(36)} ${r.rps.toFixed(0).padStart(10)} ${r.p50.padStart(9)} ${r.p99.padStart(9)} ${String(r.errors).padStart(7)} ${String(r.non2xx).padStart(8)}`,
        );
      }
      const [bareRun, noUpdate, delta, nginxRun, bareAgain] = results as [TWrk, TWrk, TWrk, TWrk, TWrk];
      const bareRps = (bareRun.rps + bareAgain.rps) / 2;
      const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)} %`;
      const mark = (ok: boolean) => (ok ? "met" : "NOT met");
      console.log(
        `\nno-update / bare node:http (mean ${bareRps.toFixed(0)}/s): ${pct(noUpdate.rps, bareRps)} (target ≥ 75 %: ${mark(noUpdate.rps >= 0.75 * bareRps)})`,
      );
      console.log(
        `delta / nginx static (${nginxRun.rps.toFixed(0)}/s): ${pct(delta.rps, nginxRun.rps)} (target ≥ 50 %: ${mark(delta.rps >= 0.5 * nginxRun.rps)})`,
      );
      console.log(
        `p99 at ${connections} connections: no-update ${noUpdate.p99}, delta ${delta.p99} (target ≤ 10 ms: ${mark(Math.max(noUpdate.p99ms, delta.p99ms) <= 10)})`,
      );
      console.log(
        `errors: ${noUpdate.errors + delta.errors} socket, ${noUpdate.non2xx + delta.non2xx} non-2xx (target 0: ${mark(noUpdate.errors + delta.errors + noUpdate.non2xx + delta.non2xx === 0)})`,
      );
      await pbs.stop(); // flushes its counters
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      const counted = await client.query<{ n: string }>(
        "SELECT coalesce(sum(full_hits + delta_hits + no_update_hits + error_hits), 0)::text AS n FROM pbs_hit",
      );
      await client.end();
      console.log(
        `PBS counters in PostgreSQL: ${Number(counted.rows[0]?.n).toLocaleString("en")} hits for ${pbsRequests.toLocaleString("en")} requests wrk counted (it leaves out up to ${connections} answers in flight when each run stops; start-up health checks count too)`,
      );
    } finally {
      for (const proc of procs) await proc.stop();
      rmSync(www, { recursive: true, force: true });
    }
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
