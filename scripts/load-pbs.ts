/**
 * Reliability: a 60-second load test of the standalone PBS server (LOAD_SECONDS to change).
 * wrk sends a mix of client versions (0 … V+1: full, delta, no-update) and ~5 % malformed
 * queries; the server flushes its counters to PostgreSQL every 10 s as in production. Prints
 * throughput, latency, status mix, memory sampled every 10 s, and checks the counted hits
 * against wrk's request count. Throw-away database on TEST_PG_URL. Figures only.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openScratchDatabase } from "@/lib/test/scratch-db";

const WRK = "/usr/bin/wrk";
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  if (!existsSync(WRK)) {
    console.log(`wrk is not installed at ${WRK}: load test skipped`);
    return;
  }
  const scratch = await openScratchDatabase("pba_load_pbs");
  const url = new URL(scratch.url);
  const { db } = await import("@/lib/server/db");
  const { makeOrg } = await import("@/lib/test/fixtures");
  const { seedPops } = await import("@/lib/test/seed-pops");
  const { publishVersion } = await import("@/lib/server/versions/publish-version");
  const { FilesystemStorage } = await import("@/lib/server/storage/filesystem");
  const { startPbsServer } = await import("@/lib/server/pbs/pbs-server");
  const { createPbsCounters } = await import("@/lib/server/pbs/pbs-counters");
  const { silentLogger } = await import("@/lib/server/log");
  const dir = mkdtempSync(path.join(tmpdir(), "pba-load-"));
  const storage = new FilesystemStorage(dir);
  try {
    const { actors } = await makeOrg(["admin"]);
    const actor = actors.admin;
    const pb = await db.phonebook.create({ data: { orgId: actor.orgId, name: "LOAD", nameKey: "LOAD" } });
    await seedPops(pb.id, 10_000, []);
    for (let v = 1; v <= 8; v++) {
      if (v > 1)
        await db.$executeRaw`UPDATE pop SET name = ${`V${v} `} || pop_index::text WHERE phonebook_id = ${pb.id}::uuid AND pop_index % 97 = ${v}`;
      await publishVersion({ actor, phonebookName: "LOAD", storage });
    }
    const V = 8;
    const counters = createPbsCounters({ databaseUrl: url.toString(), flushMs: 10_000, logger: silentLogger() });
    const pbs = await startPbsServer({
      port: 0,
      host: "127.0.0.1",
      storage,
      defaultOrg: actor.orgSlug,
      accessLog: false,
      counters,
      logger: silentLogger(),
    });
    const lua = path.join(dir, "mix.lua");
    writeFileSync(
      lua,
      `math.randomseed(42)
request = function()
  local r = math.random(100)
  local q
  if r <= 5 then q = "pbver=" .. math.random(-5, 5) .. "x&pb=L%ZZ" .. math.random(1000)
  else q = "osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=" .. math.random(0, ${V + 1}) .. "&pb=load" end
  return wrk.format("GET", "/pbserver/pbserver.dll?" .. q)
end
`,
    );
    global.gc?.();
    const samples: { t: number; rss: number; heap: number }[] = [];
    const sample = (t: number) => {
      const m = process.memoryUsage();
      samples.push({ t, rss: m.rss, heap: m.heapUsed });
    };
    // Warm-up so caches are filled before the "before" sample.
    await run(["-t2", "-c32", "-d3s", "-s", lua, pbs.url]);
    sample(0);
    const started = Date.now();
    const timer = setInterval(() => sample(Math.round((Date.now() - started) / 1000)), 10_000);
    const raw = await run(["-t2", "-c64", `-d${seconds}s`, "--latency", "-s", lua, pbs.url]);
    clearInterval(timer);
    global.gc?.();
    sample(seconds);
    await counters.flush();
    const requests = Number(/(\d+) requests in/.exec(raw)?.[1] ?? 0);
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const { rows } = await c.query<{ total: string }>(
      "SELECT coalesce(sum(full_hits + delta_hits + no_update_hits + error_hits), 0)::text AS total FROM pbs_hit",
    );
    await c.end();
    console.log(`\n${seconds}-second load test of the standalone PBS server (wrk -t2 -c64, mixed versions 0..${V + 1}, ~5 % malformed)`);
    console.log(
      raw
        .split("\n")
        .filter((l) => /Requests\/sec|Latency|50%|99%|requests in|Socket errors|Non-2xx/.test(l))
        .map((l) => `  ${l.trim()}`)
        .join("\n"),
    );
    console.log("memory of the PBS process (rss / heap used):");
    for (const s of samples) console.log(`  t=${String(s.t).padStart(3)} s  ${mb(s.rss).padStart(9)} / ${mb(s.heap).padStart(8)}`);
    const first = samples[0];
    const last = samples.at(-1);
    if (first && last) console.log(`  growth over the run: rss ${mb(last.rss - first.rss)}, heap ${mb(last.heap - first.heap)}`);
    console.log(
      `hits counted and flushed to PostgreSQL: ${Number(rows[0]?.total ?? 0).toLocaleString("en")} (includes the 3 s warm-up); wrk requests in the main run: ${requests.toLocaleString("en")}`,
    );
    await pbs.close();
    await counters.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.$disconnect().catch(() => undefined);
    await scratch.drop();
  }
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(WRK, args);
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("close", () => resolve(out));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
