/**
 * Benchmark: a CDN in front of the PBS (README "Putting a CDN in front"). nginx with
 * `proxy_cache` stands in for the CDN, in front of `npm run pbs` as shipped with
 * PBS_ANSWER_MAX_AGE set. 1,000 simulated Connection Manager clients, spread over the 50
 * versions of a phone book (each holds one of pbver 0…50), ask about once a second for
 * BENCH_CDN_SECONDS; the origin (the PBS access log) must see at most one request per distinct
 * query per max-age window. Prints the client requests, what the cache answered, and the
 * origin's count against that bound. Env: BENCH_CDN_SECONDS (15), BENCH_CDN_MAX_AGE (5),
 * BENCH_CDN_CLIENTS (1000).
 */
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { openScratchDatabase } from "@/lib/test/scratch-db";
import { buildEntryPoints, freePort, requireTools, shippedPbsEnv, startNginx, startProcess, type TProcess } from "./bench-servers";

const seconds = Number(process.env.BENCH_CDN_SECONDS ?? 15);
const maxAge = Number(process.env.BENCH_CDN_MAX_AGE ?? 5);
const clients = Number(process.env.BENCH_CDN_CLIENTS ?? 1000);
const VERSIONS = 50;

type TAnswer = { status: number; cache: string };

function get(agent: Agent, url: string): Promise<TAnswer> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, cache: String(res.headers["x-cache"] ?? "-") }));
    });
    req.on("error", () => resolve({ status: 0, cache: "error" }));
    req.end();
  });
}

async function main(): Promise<void> {
  const missing = requireTools();
  if (missing) {
    console.log(`CDN benchmark not run: ${missing}`);
    return;
  }
  const scratch = await openScratchDatabase("pba_bench_cdn");
  const { db } = await import("@/lib/server/db");
  const { makeOrg } = await import("@/lib/test/fixtures");
  const { seedPops } = await import("@/lib/test/seed-pops");
  const { publishVersion } = await import("@/lib/server/versions/publish-version");
  const { FilesystemStorage } = await import("@/lib/server/storage/filesystem");
  const dir = mkdtempSync(path.join(tmpdir(), "pba-bench-cdn-"));
  const storageDir = path.join(dir, "storage");
  const storage = new FilesystemStorage(storageDir);
  const procs: TProcess[] = [];
  try {
    const { actors } = await makeOrg(["admin"]);
    const actor = actors.admin;
    const pb = await db.phonebook.create({ data: { orgId: actor.orgId, name: "CDN", nameKey: "CDN" } });
    await seedPops(pb.id, 200, []);
    for (let v = 1; v <= VERSIONS; v++) {
      await db.$executeRaw`UPDATE pop SET name = ${`V${v} `} || pop_index::text WHERE phonebook_id = ${pb.id}::uuid`;
      await publishVersion({ actor, phonebookName: "CDN", storage });
    }
    await db.$disconnect();
    console.log(`published CDN v1…v${VERSIONS} (200 POPs); clients hold pbver 0…${VERSIONS}: ${VERSIONS + 1} distinct queries`);

    buildEntryPoints();
    const pbsPort = await freePort();
    const pbsLog = path.join(dir, "pbs.log");
    const pbs = await startProcess({
      command: "npm",
      args: ["run", "--silent", "pbs"],
      env: shippedPbsEnv({
        DATABASE_URL: scratch.url,
        STORAGE_DIR: storageDir,
        PBS_PORT: String(pbsPort),
        PBS_DEFAULT_ORG: actor.orgSlug,
        PBS_ANSWER_MAX_AGE: String(maxAge),
      }),
      url: `http://127.0.0.1:${pbsPort}`,
      healthUrl: `http://127.0.0.1:${pbsPort}/health`,
      logFile: pbsLog,
    });
    procs.push(pbs);
    const cdn = await startNginx(
      dir,
      "cdn",
      () => `location / {
      proxy_pass http://127.0.0.1:${pbsPort};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache pbs;
      proxy_cache_key $scheme$proxy_host$request_uri;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 5s;
      add_header X-Cache $upstream_cache_status always;
    }`,
      `proxy_cache_path ${dir}/nginx-cdn/cache levels=1:2 keys_zone=pbs:10m max_size=100m inactive=10m use_temp_path=off;`,
      "/health",
    );
    procs.push(cdn);

    // Each client asks about once a second, at its own phase: `clients` × `seconds` requests.
    const schedule: { at: number; pbver: number }[] = [];
    for (let c = 0; c < clients; c++) {
      const phase = Math.random();
      for (let k = 0; k < seconds; k++) schedule.push({ at: (k + phase) * 1000, pbver: c % (VERSIONS + 1) });
    }
    schedule.sort((a, b) => a.at - b.at);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const answers = new Map<string, number>();
    const start = performance.now();
    let next = 0;
    let late = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < schedule.length) {
          const item = schedule[next++]!;
          const wait = item.at - (performance.now() - start);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          else if (wait < -1000) late++;
          const url = `${cdn.url}/pbserver/pbserver.dll?osarch=x86&ostype=2&lcid=1033&osver=5.1&cmver=7.2&pb=CDN&pbver=${item.pbver}`;
          const a = await get(agent, url);
          const key = `${a.status} ${a.cache}`;
          answers.set(key, (answers.get(key) ?? 0) + 1);
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    agent.destroy();
    await pbs.stop(); // flushes its access log
    const originRequests = readFileSync(pbsLog, "utf8")
      .split("\n")
      .filter((line) => line.includes('"path":"/pbserver/')).length;
    const bound = (VERSIONS + 1) * (Math.ceil(elapsed / maxAge) + 1);
    console.log(
      `\n${schedule.length.toLocaleString("en")} client requests in ${elapsed.toFixed(1)} s (${late} sent over 1 s late), PBS_ANSWER_MAX_AGE=${maxAge}`,
    );
    console.log(
      `answers (status, X-Cache): ${[...answers.entries()]
        .sort()
        .map(([k, n]) => `${k}: ${n.toLocaleString("en")}`)
        .join(", ")}`,
    );
    console.log(
      `origin requests: ${originRequests.toLocaleString("en")} (${((originRequests / schedule.length) * 100).toFixed(2)} % of client requests); ` +
        `bound ${VERSIONS + 1} queries × (⌈${elapsed.toFixed(1)} / ${maxAge}⌉ + 1) = ${bound}: ${originRequests <= bound ? "met" : "NOT met"}`,
    );
  } finally {
    for (const proc of procs) await proc.stop();
    await db.$disconnect().catch(() => undefined);
    if (process.env.BENCH_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
