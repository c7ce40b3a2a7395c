import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentKey, versionKey } from "@/lib/phonebook/artifact-names";
import { silentLogger } from "@/lib/server/log";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { captureLog } from "@/lib/test/capture-log";
import { createPbsCounters, type TPbsCounters } from "./pbs-counters";
import { startPbsServer, type TPbsServer } from "./pbs-server";

const ORG = "metrics-org";
const TOKEN = "metrics-test-token-0123456789";
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let storage: FilesystemStorage;
let dir: string;
let server: TPbsServer;
let counters: TPbsCounters;
const log = captureLog("info");
// Artifact reads of this phone book fail (storage error), as does every read while `down` is set.
let down = false;
const flaky = (): StorageAdapter =>
  Object.assign(Object.create(storage) as StorageAdapter, {
    get: (key: string) => (down || key.includes("/BROKEN/3/") ? Promise.reject(new Error("storage unreachable")) : storage.get(key)),
    health: () => (down ? Promise.reject(new Error("storage unreachable")) : storage.health()),
  });

/** Publishes `name` at version 3 (full cab and a delta from 2) straight into the storage. */
async function publish(name: string): Promise<void> {
  const full = randomBytes(3000);
  const delta = randomBytes(300);
  const files = { [`${name}_3_full.cab`]: full, [`${name}_3_from_2.cab`]: delta };
  for (const [file, bytes] of Object.entries(files))
    await storage.put(versionKey(ORG, name, 3, file), bytes, "application/vnd.ms-cab-compressed");
  const current = {
    version: 3,
    name,
    full: `${name}_3_full.cab`,
    deltas: { "2": `${name}_3_from_2.cab` },
    sha256: Object.fromEntries(Object.entries(files).map(([f, b]) => [f, sha(b)])),
    size: Object.fromEntries(Object.entries(files).map(([f, b]) => [f, b.length])),
    publishedAt: new Date().toISOString(),
  };
  await storage.put(currentKey(ORG, name), Buffer.from(JSON.stringify(current)), "application/json");
}

const pbs = (pbver: number | string, pb = "Metrix", headers: Record<string, string> = {}) =>
  fetch(`${server.url}/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${pbver}&pb=${pb}`, { headers });

/** The scraped samples, `name{labels}` → value. */
async function scrape(base = server.url, token = TOKEN): Promise<Map<string, number>> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

const answers = (outcome: string, phonebook = "METRIX", org = ORG) =>
  `pbs_answers_total{outcome="${outcome}",org="${org}",phonebook="${phonebook}"}`;

/** What `act` changed: the samples that differ before and after, with their increase. */
async function moved(act: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await scrape();
  await act();
  const after = await scrape();
  const out: Record<string, number> = {};
  for (const [key, value] of after) {
    if (
      key.startsWith("pbs_") &&
      !key.startsWith("pbs_request_duration_seconds_bucket") &&
      !key.endsWith("_sum") &&
      value !== (before.get(key) ?? 0)
    ) {
      out[key] = value - (before.get(key) ?? 0);
    }
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "pba-pbs-metrics-"));
  storage = new FilesystemStorage(dir);
  await publish("METRIX");
  await publish("BROKEN");
  counters = createPbsCounters({ flushMs: 3_600_000, logger: silentLogger() });
  server = await startPbsServer({
    port: 0,
    host: "127.0.0.1",
    storage: flaky(),
    defaultOrg: ORG,
    counters,
    logger: log.logger,
    accessLog: true,
    metricsToken: TOKEN,
  });
});

afterAll(async () => {
  await server.close();
  await counters.close();
});

describe("GET /metrics of the standalone PBS", () => {
  it("answers only with the bearer token, and 404 without METRICS_TOKEN", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    const open = await startPbsServer({
      port: 0,
      host: "127.0.0.1",
      storage,
      counters,
      logger: silentLogger(),
      accessLog: false,
      metricsToken: "",
    });
    try {
      expect((await fetch(`${open.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await open.close();
    }
  });

  it("counts each outcome under its phone book, with the latency and the cache", async () => {
    // First full request: the cab is read from the storage (miss), the second is a hit.
    expect(await moved(async () => expect((await pbs(0)).status).toBe(200))).toEqual({
      [answers("full")]: 1,
      pbs_request_duration_seconds_count: 1,
      pbs_artifact_cache_misses_total: 1,
      pbs_current_json_loads_total: 1,
      pbs_artifact_cache_bytes: 3000,
    });
    expect(await moved(async () => expect((await pbs(1)).status).toBe(200))).toEqual({
      [answers("full")]: 1,
      pbs_request_duration_seconds_count: 1,
      pbs_artifact_cache_hits_total: 1,
    });
    expect(await moved(async () => expect((await pbs(2)).status).toBe(200))).toEqual({
      [answers("delta")]: 1,
      pbs_request_duration_seconds_count: 1,
      pbs_artifact_cache_misses_total: 1,
      pbs_artifact_cache_bytes: 300,
    });
    expect(await moved(async () => expect((await pbs(3)).status).toBe(204))).toEqual({
      [answers("none")]: 1,
      pbs_request_duration_seconds_count: 1,
    });
    expect(await moved(async () => expect((await pbs("x")).status).toBe(400))).toEqual({
      [answers("error")]: 1,
      pbs_request_duration_seconds_count: 1,
    });
  });

  it("puts requests naming no published phone book under one label, however many names", async () => {
    const change = await moved(async () => {
      for (let i = 0; i < 30; i++) expect((await pbs(1, `Nope${i}`)).status).toBe(404);
      expect((await fetch(`${server.url}/o/unknown-slug/pbserver/pbserver.dll?pb=A&pbver=1`)).status).toBe(404);
      expect((await fetch(`${server.url}/o/BAD_SLUG/pbserver/pbserver.dll?pb=A&pbver=1`)).status).toBe(404);
    });
    expect(change).toEqual({
      [answers("error", "(invalid)")]: 30,
      [answers("error", "(invalid)", "(unknown)")]: 2,
      pbs_request_duration_seconds_count: 32,
      pbs_current_json_loads_total: 31,
    });
  });

  it("counts storage errors of current.json, of artifacts and of the health check", async () => {
    expect(await moved(async () => expect((await pbs(0, "Broken")).status).toBe(503))).toEqual({
      [answers("error", "BROKEN")]: 1,
      'pbs_storage_errors_total{operation="artifact"}': 1,
      pbs_artifact_cache_misses_total: 1,
      pbs_current_json_loads_total: 1,
      pbs_request_duration_seconds_count: 1,
    });
    expect(await moved(async () => expect((await pbs(0, "Unread")).status).toBe(404))).toMatchObject({
      [answers("error", "(invalid)")]: 1,
    });
    down = true;
    try {
      expect(
        await moved(async () => {
          expect((await pbs(0, "Other")).status).toBe(503);
          expect((await fetch(`${server.url}/health`)).status).toBe(503);
        }),
      ).toEqual({
        [answers("error", "(invalid)")]: 1,
        'pbs_storage_errors_total{operation="current"}': 1,
        'pbs_storage_errors_total{operation="health"}': 1,
        pbs_current_json_loads_total: 1,
        pbs_request_duration_seconds_count: 1,
      });
    } finally {
      down = false;
    }
  });
});

describe("the PBS access log", () => {
  it("writes one JSON line per request with the client's well-formed X-Request-Id, else a new UUID", async () => {
    log.lines.length = 0;
    await pbs(3, "Metrix", { "x-request-id": "lb-4f2a.77:1" });
    await pbs(3, "Metrix", { "x-request-id": "no spaces allowed" });
    await pbs(3, "Metrix");
    const records = log.records();
    expect(records.map((r) => [r.msg, r.status, r.method])).toEqual([
      ["request", 204, "GET"],
      ["request", 204, "GET"],
      ["request", 204, "GET"],
    ]);
    expect(records[0]).toMatchObject({ level: "info", reqId: "lb-4f2a.77:1", path: expect.stringContaining("pb=Metrix") as unknown });
    expect(records[1]?.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(records[2]?.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(records[1]?.reqId).not.toBe(records[2]?.reqId);
  });

  it("logs a failure with the request id", async () => {
    log.lines.length = 0;
    await pbs(0, "Broken", { "x-request-id": "trace-broken-1" });
    const records = log.records();
    const failure = records.find((r) => r.msg === "pbs request failed");
    expect(failure).toMatchObject({
      level: "error",
      reqId: "trace-broken-1",
      err: { message: expect.stringContaining("storage unreachable") as unknown },
    });
    expect(records.find((r) => r.msg === "request")).toMatchObject({ reqId: "trace-broken-1", status: 503 });
  });
});

describe("npm run pbs (scripts/pbs.ts)", () => {
  it("serves /metrics and writes JSON log lines with request ids, flushed on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/pbs.ts"], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "test",
        STORAGE_DIR: dir,
        PBS_PORT: "0",
        PBS_HOST: "127.0.0.1",
        PBS_DEFAULT_ORG: ORG,
        PBS_RETENTION_MINUTES: "0",
        // One process (PBS_WORKERS > 1: pbs-cluster.test.ts).
        PBS_WORKERS: "1",
        METRICS_TOKEN: TOKEN,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      await expect.poll(() => /"url":"(http:[^"]+)"/.exec(out)?.[1], { timeout: 30_000 }).toBeDefined();
      const base = /"url":"(http:[^"]+)"/.exec(out)?.[1] ?? "";
      const answer = await fetch(`${base}/pbserver/pbserver.dll?pb=Metrix&pbver=3`, { headers: { "x-request-id": "from-the-client-42" } });
      expect(answer.status).toBe(204);
      const samples = await scrape(base);
      expect(samples.get(answers("none"))).toBe(1);
      expect(samples.get("pbs_request_duration_seconds_count")).toBe(1);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    const lines = out.split("\n").filter((l) => l !== "");
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.reqId === "from-the-client-42")).toMatchObject({ msg: "request", status: 204, method: "GET" });
    expect(records.at(-1)).toMatchObject({ level: "info", msg: "pbs hits (no database to write them to)" });
  }, 60_000);
});
