import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { restartDelayMs } from "./pbs-cluster";

const TOKEN = "cluster-test-token-0123456789";
let dir: string;
let org: string;
let name: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pba-pbs-cluster-"));
  const storage = new FilesystemStorage(dir);
  const made = await makeOrg(["admin", "editor"]);
  org = made.actors.admin.orgSlug;
  name = pbName();
  await createPhonebook({ actor: made.actors.admin, input: { name, description: "" } });
  await addPop(made.actors.editor, name, 1);
  await publishVersion({ actor: made.actors.admin, phonebookName: name, storage });
  await addPop(made.actors.editor, name, 2);
  await publishVersion({ actor: made.actors.admin, phonebookName: name, storage });
});

/** Each outcome and the status and query that give it (version 2 is current, with a delta from 1). */
const OUTCOMES = [
  { outcome: "none", column: "no_update_hits", status: 204, query: () => `pb=${name}&pbver=2` },
  { outcome: "delta", column: "delta_hits", status: 200, query: () => `pb=${name}&pbver=1` },
  { outcome: "full", column: "full_hits", status: 200, query: () => `pb=${name}&pbver=0` },
  { outcome: "error", column: "error_hits", status: 404, query: () => `pb=NOSUCHPB&pbver=1` },
] as const;

function get(agent: Agent, base: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: target, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("latin1") }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${target} within 10 s`)));
    req.on("error", reject);
    req.end();
  });
}

/** The samples of one /metrics scrape, `name{labels}` → value. */
async function scrape(agent: Agent, base: string): Promise<Map<string, number>> {
  const answer = await get(agent, base, "/metrics", { authorization: `Bearer ${TOKEN}` });
  expect(answer.status).toBe(200);
  const samples = new Map<string, number>();
  for (const line of answer.body.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

describe("restartDelayMs", () => {
  it("starts at 250 ms, doubles per crash in a row and stops at 30 s", () => {
    expect([1, 2, 3, 4, 8, 20].map(restartDelayMs)).toEqual([250, 500, 1000, 2000, 30_000, 30_000]);
  });
});

describe("npm run pbs with PBS_WORKERS=2 (scripts/pbs.ts on node:cluster)", () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  afterAll(() => agent.destroy());

  it("replaces a killed worker; the counters in PostgreSQL and /metrics add up to every request over both workers", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/pbs.ts"], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "test",
        DATABASE_URL: process.env.DATABASE_URL,
        STORAGE_DIR: dir,
        PBS_WORKERS: "2",
        PBS_PORT: "0",
        PBS_HOST: "127.0.0.1",
        PBS_DEFAULT_ORG: org,
        // Only the flushes at shutdown write: each worker must flush its own.
        PBS_FLUSH_SECONDS: "3600",
        PBS_RETENTION_MINUTES: "0",
        METRICS_TOKEN: TOKEN,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const records = () =>
      out
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const listening = () => records().filter((r) => r.msg === "PBS listening");
    try {
      await expect.poll(() => listening().length, { timeout: 40_000, interval: 200 }).toBe(2);
      const base = String(listening()[0]?.url);
      expect(listening()[1]?.url).toBe(base);
      const first = listening().map((r) => r.pid as number);
      expect(new Set(first).size).toBe(2);

      // A crashed worker is replaced; serving continues meanwhile.
      process.kill(first[0]!, "SIGKILL");
      await expect.poll(() => listening().length, { timeout: 40_000, interval: 200 }).toBe(3);
      expect((await get(agent, base, "/health")).status).toBe(200);
      expect(records().find((r) => r.msg === "pbs worker exited unexpectedly; restarting it")).toMatchObject({
        level: "error",
        workerPid: first[0],
        signal: "SIGKILL",
        restartInMs: 250,
      });
      const serving = new Set([first[1], listening()[2]?.pid as number]);
      expect(serving.size).toBe(2);

      const perOutcome = 60;
      const targets = OUTCOMES.flatMap((o) => Array.from({ length: perOutcome }, () => o)).sort(() => Math.random() - 0.5);
      for (let i = 0; i < targets.length; i += 8) {
        const batch = targets.slice(i, i + 8);
        const answers = await Promise.all(batch.map((o) => get(agent, base, `/pbserver/pbserver.dll?${o.query()}`)));
        expect(answers.map((a) => a.status)).toEqual(batch.map((o) => o.status));
      }
      // Every scrape (whichever worker takes it) reports the sum over both workers.
      for (let i = 0; i < 4; i++) {
        const samples = await scrape(agent, base);
        for (const { outcome } of OUTCOMES.slice(0, 3))
          expect(samples.get(`pbs_answers_total{outcome="${outcome}",org="${org}",phonebook="${name}"}`)).toBe(perOutcome);
        // Under this organisation, or "(unknown)" in a worker that had served it nothing yet.
        const errors = [...samples].filter(
          ([k]) => k.startsWith('pbs_answers_total{outcome="error",') && k.endsWith(',phonebook="(invalid)"}'),
        );
        expect(errors.reduce((sum, [, n]) => sum + n, 0)).toBe(perOutcome);
        expect(samples.get("pbs_request_duration_seconds_count")).toBe(targets.length);
      }
      // Both workers served: the access log says which process answered.
      await expect
        .poll(() => records().filter((r) => r.msg === "request" && String(r.path).startsWith("/pbserver/")).length, { timeout: 10_000 })
        .toBe(targets.length);
      const pbsLines = records().filter((r) => r.msg === "request" && String(r.path).startsWith("/pbserver/"));
      const byPid = new Map<number, number>();
      for (const r of pbsLines) byPid.set(r.pid as number, (byPid.get(r.pid as number) ?? 0) + 1);
      expect(new Set(byPid.keys())).toEqual(serving);
      for (const n of byPid.values()) expect(n).toBeGreaterThan(targets.length / 8);
    } finally {
      child.kill("SIGTERM"); // the primary only: it stops its workers
    }
    expect(await exited, err).toBe(0);
    // Every line whole: the workers' buffered writes never interleave.
    const lines = out.split("\n");
    expect(lines.at(-1)).toBe("");
    for (const line of lines.slice(0, -1)) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    const stopped = records().filter((r) => r.msg === "finishing in-flight requests, flushing counters");
    expect(stopped).toHaveLength(2);
    expect(records().at(-1)).toMatchObject({ msg: "PBS primary exiting: every worker stopped", code: 0 });

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const sums = await client.query<Record<string, string>>(
        `SELECT phonebook, sum(full_hits)::text AS full_hits, sum(delta_hits)::text AS delta_hits,
                sum(no_update_hits)::text AS no_update_hits, sum(error_hits)::text AS error_hits
         FROM pbs_hit WHERE org_slug = $1 GROUP BY phonebook`,
        [org],
      );
      // Sorted here: the database collation may ignore the parentheses of "(invalid)".
      expect(sums.rows.sort((a, b) => (a.phonebook! < b.phonebook! ? -1 : 1))).toEqual([
        { phonebook: "(invalid)", full_hits: "0", delta_hits: "0", no_update_hits: "0", error_hits: "60" },
        { phonebook: name, full_hits: "60", delta_hits: "60", no_update_hits: "60", error_hits: "0" },
      ]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
