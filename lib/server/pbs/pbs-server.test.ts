import { mkdtempSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractWith } from "@/lib/cab/test-tools";
import { versionKey } from "@/lib/phonebook/artifact-names";
import { applyDelta } from "@/lib/phonebook/delta";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { updatePop } from "@/lib/server/pops/update-pop";
import { bulkUpdatePops } from "@/lib/server/pops/bulk-pops";
import { createRegion } from "@/lib/server/regions/save-region";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { publishVersion } from "@/lib/server/versions/publish-version";
import type { TActor } from "@/lib/server/auth/actor";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import * as defaultRoute from "@/app/pbserver/pbserver.dll/route";
import * as orgRoute from "@/app/o/[org]/pbserver/pbserver.dll/route";
import { createPbsCache, invalidate } from "./current-cache";
import { handlePbsRequest } from "./handle-pbs-request";
import { createPbsCounters, type TPbsCounters } from "./pbs-counters";
import { startPbsServer, type TPbsServer } from "./pbs-server";
import { resetEnvCache } from "@/lib/env";

type TAnswer = { status: number; headers: Record<string, string>; body: Buffer };

const V = 8;
let storage: FilesystemStorage;
let org: string;
let name: string;
let admin: TActor;
let editor: TActor;
let server: TPbsServer;
let counters: TPbsCounters;

/** One request to the standalone server with the target sent exactly as given. */
function viaServer(target: string, options: { method?: string; headers?: Record<string, string>; base?: string } = {}): Promise<TAnswer> {
  const base = new URL(options.base ?? server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: base.hostname, port: base.port, path: target, method: options.method ?? "GET", headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: flat(res.headers), body: Buffer.concat(chunks) }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function flat(headers: IncomingHttpHeaders | Headers): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) headers.forEach((v, k) => (out[k] = v));
  else
    for (const [k, v] of Object.entries(headers))
      if (v !== undefined && k !== "date" && k !== "connection" && k !== "keep-alive") out[k] = String(v);
  return out;
}

/** The same request through the Next route handler, in-process. */
async function viaNext(target: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<TAnswer> {
  const request = new Request(`http://localhost${target}`, { method: options.method ?? "GET", headers: options.headers });
  const match = /^\/o\/([^/]*)\//.exec(target);
  const route = match ? orgRoute : defaultRoute;
  const handler = options.method === "HEAD" ? route.HEAD : route.GET;
  const response = await handler(request, { params: Promise.resolve({ org: decodeURIComponent(match?.[1] ?? "") }) });
  return { status: response.status, headers: flat(response.headers), body: Buffer.from(await response.arrayBuffer()) };
}

/** Both paths must give the same status, headers and body bytes. */
async function both(target: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<TAnswer> {
  const [a, b] = await Promise.all([viaServer(target, options), viaNext(target, options)]);
  expect(b.status, `Next status for ${target}`).toBe(a.status);
  expect(b.body.equals(a.body), `Next body for ${target}`).toBe(true);
  const strip = (h: Record<string, string>) => {
    const { "content-length": _length, "x-pba-content-length": _hint, ...rest } = h;
    return rest;
  };
  expect(strip(b.headers), `Next headers for ${target}`).toEqual(strip(a.headers));
  // Next.js drops Content-Length; the app's server restores it from this hint (content-length.test.ts).
  expect(b.headers["x-pba-content-length"], `Next length hint for ${target}`).toBe(a.headers["content-length"]);
  return a;
}

const stored = async (file: string, version = V): Promise<Buffer> =>
  (await storage.get(versionKey(org, name, version, file))) ?? Buffer.alloc(0);
const pbkOf = async (version: number) => (await stored(`${name}.pbk`, version)).toString("ascii");
const target = (pbver: number | string, pb = name, prefix = "") =>
  `${prefix}/pbserver/pbserver.dll?osarch=0&ostype=0&osver=1&cmver=1&lcid=1033&pbver=${pbver}&pb=${pb}`;

const sha256Of = async (file: string) => {
  const { createHash } = await import("node:crypto");
  return createHash("sha256")
    .update(await stored(file))
    .digest("hex");
};

beforeAll(async () => {
  storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-pbs-")));
  const made = await makeOrg(["admin", "editor"]);
  org = made.actors.admin.orgSlug;
  admin = made.actors.admin;
  editor = made.actors.editor;
  process.env.PBS_DEFAULT_ORG = org;
  process.env.PBS_FLUSH_SECONDS = "3600";
  resetEnvCache();
  setStorageForTests(storage);
  name = pbName().slice(0, 6) + "ab";
  await createPhonebook({ actor: admin, input: { name, description: "" } });
  const pop = (popIndex: number, extra: Record<string, unknown> = {}) => addPop(editor, name, popIndex, extra);
  for (let i = 1; i <= 40; i++) await pop(i * 3);
  await publishVersion({ actor: admin, phonebookName: name, storage });
  const rounds: (() => Promise<unknown>)[] = [
    () => pop(1000),
    () => updatePop({ actor: editor, phonebookName: name, popIndex: 6, patch: { accessNumber: "999" } }),
    () =>
      createRegion({ actor: editor, phonebookName: name, input: { name: "Alaska" } }).then((r) =>
        updatePop({ actor: editor, phonebookName: name, popIndex: 9, patch: { regionId: r.id } }),
      ),
    () => bulkUpdatePops({ actor: editor, phonebookName: name, input: { popIndexes: [12, 15], action: "setOutOfService" } }),
    () => bulkUpdatePops({ actor: editor, phonebookName: name, input: { popIndexes: [3], action: "delete" } }),
    () => pop(2),
    () => updatePop({ actor: editor, phonebookName: name, popIndex: 1000, patch: { name: "Renamed" } }),
  ];
  for (const round of rounds) {
    await round();
    await publishVersion({ actor: admin, phonebookName: name, storage });
  }
  counters = createPbsCounters({ databaseUrl: process.env.DATABASE_URL, flushMs: 3_600_000 });
  server = await startPbsServer({ port: 0, host: "127.0.0.1", storage, defaultOrg: org, accessLog: false, counters });
});

afterAll(async () => {
  await server.close();
  await counters.close();
  setStorageForTests(undefined);
});

describe("PBS endpoint: standalone server and Next route", () => {
  it("serves the full cab for c = 0 and c < V − 5, with the same bytes and headers on both paths", async () => {
    const full = await stored(`${name}_${V}_full.cab`);
    for (const c of [0, 1, 2]) {
      const a = await both(target(c));
      expect(a.status).toBe(200);
      expect(a.body.equals(full)).toBe(true);
      expect(a.headers).toEqual({
        "content-type": "application/vnd.ms-cab-compressed",
        "content-length": String(full.length),
        "content-disposition": `attachment; filename="${name}_${V}_full.cab"`,
        etag: `"${await sha256Of(`${name}_${V}_full.cab`)}"`,
        "cache-control": "no-cache",
      });
    }
  });

  it("serves the delta cab for 1 ≤ V − c ≤ 5 on both paths", async () => {
    for (let c = V - 5; c < V; c++) {
      const a = await both(target(c));
      expect(a.status).toBe(200);
      expect(a.body.equals(await stored(`${name}_${V}_from_${c}.cab`))).toBe(true);
      expect(a.headers["content-disposition"]).toBe(`attachment; filename="${name}_${V}_from_${c}.cab"`);
      expect(a.headers.etag).toBe(`"${await sha256Of(`${name}_${V}_from_${c}.cab`)}"`);
    }
  });

  it("answers 204 with no body when the client is current or ahead", async () => {
    for (const c of [V, V + 1, "00000000000000000000099"]) {
      const a = await both(target(c));
      expect(a.status).toBe(204);
      expect(a.body.length).toBe(0);
      expect(a.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("answers the /o/<org>/ path and is case-insensitive in names and pb value", async () => {
    const delta = await stored(`${name}_${V}_from_${V - 1}.cab`);
    expect((await both(target(V - 1, name.toLowerCase(), `/o/${org}`))).body.equals(delta)).toBe(true);
    expect((await both(`/o/${org}/pbserver/pbserver.dll?PBVER=${V - 1}&Pb=${name.toUpperCase()}&Extra=1`)).body.equals(delta)).toBe(true);
    expect((await both(target(V - 1, name, "/o/org-doesnotexist"))).status).toBe(404);
  });

  const errors: [string, string, number, string][] = [
    ["no query", "/pbserver/pbserver.dll", 400, "Missing query string: pb and pbver are required\n"],
    ["empty pb", "/pbserver/pbserver.dll?pb=&pbver=1", 400, "Missing parameter pb (phone book name)\n"],
    [
      "bad pb",
      "/pbserver/pbserver.dll?pb=a.b&pbver=1",
      400,
      "Invalid parameter pb: a phone book name is 1 to 8 ASCII letters and digits, not all digits\n",
    ],
    ["bad pbver", "/pbserver/pbserver.dll?pb=abc&pbver=-1", 400, "Invalid parameter pbver: expected a non-negative integer\n"],
    ["bad escape", "/pbserver/pbserver.dll?pb=%zz&pbver=1", 400, "Malformed percent-encoding in parameter pb\n"],
    ["unknown pb", "/pbserver/pbserver.dll?pb=Nope1&pbver=1", 404, "Phone book NOPE1 not found or never published\n"],
    ["too long", `/pbserver/pbserver.dll?pb=abc&pbver=1&x=${"y".repeat(1000)}`, 414, "Request target longer than 1024 bytes\n"],
    ["bad org slug", "/o/A_B/pbserver/pbserver.dll?pb=abc&pbver=1", 404, "Unknown organisation\n"],
  ];
  for (const [label, t, status, body] of errors) {
    it(`${status} ${label}: plain-text body`, async () => {
      const a = await both(t);
      expect(a.status).toBe(status);
      expect(a.body.toString("utf8")).toBe(body);
      expect(a.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(a.headers["cache-control"]).toBe("no-cache");
    });
  }

  it("answers 304 to If-None-Match with the cab's ETag, and 200 otherwise", async () => {
    const first = await both(target(V - 2));
    const etag = first.headers.etag ?? "";
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, "*"]) {
      const a = await both(target(V - 2), { headers: { "If-None-Match": inm } });
      expect(a.status).toBe(304);
      expect(a.body.length).toBe(0);
      expect(a.headers).toMatchObject({ etag, "cache-control": "no-cache" });
    }
    expect((await both(target(V - 2), { headers: { "If-None-Match": '"other"' } })).status).toBe(200);
    // The full cab has another tag: a client moving to a full answer is not told "not modified".
    expect((await both(target(0), { headers: { "If-None-Match": etag } })).status).toBe(200);
  });

  it("answers HEAD with the GET headers and no body", async () => {
    const get = await both(target(V - 1));
    const head = await both(target(V - 1), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers).toEqual(get.headers);
  });

  it("brings a client at every version 0..V to exactly the current .pbk (cabextract)", async () => {
    const pbkV = await pbkOf(V);
    const pbrV = await stored(`${name}.pbr`);
    for (let c = 0; c <= V; c++) {
      const a = await both(target(c));
      if (c === V) {
        expect(a.status).toBe(204);
        continue;
      }
      expect(a.status).toBe(200);
      const files = extractWith("cabextract", a.body);
      expect(files.get(`${name}.ver`)?.toString()).toBe(`${V}\r\n`);
      expect(files.get(`${name}.pbr`)?.equals(pbrV)).toBe(true);
      const isDelta = c >= 1 && V - c <= 5;
      expect([...files.keys()].sort()).toEqual(
        isDelta ? [`${name}.pbd`, `${name}.pbr`, `${name}.ver`] : [`${name}.pbk`, `${name}.pbr`, `${name}.ver`],
      );
      const held = isDelta
        ? applyDelta(await pbkOf(c), files.get(`${name}.pbd`)?.toString("ascii") ?? "")
        : (files.get(`${name}.pbk`)?.toString("ascii") ?? "");
      expect(held, `client at ${c}`).toBe(pbkV);
    }
  });

  it("redirects to the storage's public URL in redirect mode, and streams when there is none", async () => {
    const withUrl: StorageAdapter = Object.assign(Object.create(storage) as StorageAdapter, {
      publicUrl: (key: string) => `https://cdn.example.com/pba/${key}`,
    });
    const redirecting = await startPbsServer({
      port: 0,
      host: "127.0.0.1",
      storage: withUrl,
      defaultOrg: org,
      delivery: "redirect",
      accessLog: false,
      counters,
    });
    const streaming = await startPbsServer({
      port: 0,
      host: "127.0.0.1",
      storage,
      defaultOrg: org,
      delivery: "redirect",
      accessLog: false,
      counters,
    });
    try {
      const a = await viaServer(target(V - 3), { base: redirecting.url });
      expect(a.status).toBe(302);
      expect(a.headers.location).toBe(`https://cdn.example.com/pba/${org}/${name.toUpperCase()}/${V}/${name}_${V}_from_${V - 3}.cab`);
      expect(a.headers["cache-control"]).toBe("no-cache");
      expect(a.body.length).toBe(0);
      expect((await viaServer(target(0), { base: redirecting.url })).headers.location).toBe(
        `https://cdn.example.com/pba/${org}/${name.toUpperCase()}/${V}/${name}_${V}_full.cab`,
      );
      expect((await viaServer(target(V), { base: redirecting.url })).status).toBe(204);
      const b = await viaServer(target(V - 3), { base: streaming.url });
      expect(b.status).toBe(200);
      expect(b.body.equals(await stored(`${name}_${V}_from_${V - 3}.cab`))).toBe(true);
    } finally {
      await redirecting.close();
      await streaming.close();
    }
  });

  it("answers 503 with Retry-After when the storage is down, and recovers", async () => {
    let down = true;
    const flaky: StorageAdapter = Object.assign(Object.create(storage) as StorageAdapter, {
      get: async (key: string) => {
        if (down) throw new Error("storage down");
        return storage.get(key);
      },
    });
    const cache = createPbsCache({ storage: flaky, ttlMs: 0 });
    const a = await handlePbsRequest({ target: target(1), orgSlug: org, method: "GET", cache, delivery: "stream" });
    expect(a.status).toBe(503);
    expect(a.headers["Retry-After"]).toBe("5");
    down = false;
    expect((await handlePbsRequest({ target: target(1), orgSlug: org, method: "GET", cache, delivery: "stream" })).status).toBe(200);
  });

  it("sees a new version in the Next app right after invalidate()", async () => {
    expect((await viaNext(target(V))).status).toBe(204);
    await updatePop({ actor: editor, phonebookName: name, popIndex: 2, patch: { name: "Moved" } });
    await publishVersion({ actor: admin, phonebookName: name, storage });
    invalidate(org, name);
    const next = await viaNext(target(V));
    expect(next.status).toBe(200);
    expect(next.headers["content-disposition"]).toBe(`attachment; filename="${name}_${V + 1}_from_${V}.cab"`);
    invalidate(org, name);
  });

  it("lets the standalone server see a new version within its cache TTL", async () => {
    const cache = createPbsCache({ storage, ttlMs: 50 });
    const fresh = await startPbsServer({ port: 0, host: "127.0.0.1", storage, defaultOrg: org, accessLog: false, counters, cache });
    try {
      const now = (await cache.loadCurrent(org, name.toUpperCase()))?.version ?? 0;
      expect((await viaServer(target(now), { base: fresh.url })).status).toBe(204);
      await updatePop({ actor: editor, phonebookName: name, popIndex: 2, patch: { name: "MovedAgain" } });
      await publishVersion({ actor: admin, phonebookName: name, storage });
      // Within the TTL the cached version is still served.
      expect((await viaServer(target(now), { base: fresh.url })).status).toBe(204);
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 30));
        status = (await viaServer(target(now), { base: fresh.url })).status;
      }
      expect(status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});

describe("PBS server: routing, health, shutdown, fuzz", () => {
  it("serves /health, 404 elsewhere, 405 for other methods", async () => {
    const h = await viaServer("/health");
    expect(h.status).toBe(200);
    expect(JSON.parse(h.body.toString())).toEqual({ status: "ok", storage: "filesystem" });
    expect((await viaServer("/")).status).toBe(404);
    expect((await viaServer("/pbserver/pbserver.dllx?pb=a&pbver=1")).status).toBe(404);
    expect((await viaServer("/o//pbserver/pbserver.dll?pb=a&pbver=1")).status).toBe(404);
    const post = await viaServer(target(1), { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });

  it("answers an unhealthy storage with 503 without its details, which go to the log", async () => {
    const lines: string[] = [];
    const down: StorageAdapter = Object.assign(Object.create(storage) as StorageAdapter, {
      health: () => Promise.reject(new Error("S3 storage unreachable: HeadBucket on bucket secret-bucket at http://10.1.2.3:9000 failed")),
    });
    const own = createPbsCounters({ flushMs: 3_600_000, log: () => undefined });
    const s = await startPbsServer({
      port: 0,
      host: "127.0.0.1",
      storage: down,
      accessLog: false,
      counters: own,
      log: (l) => lines.push(l),
    });
    try {
      const h = await viaServer("/health", { base: s.url });
      expect(h.status).toBe(503);
      expect(h.headers["cache-control"]).toBe("no-store");
      expect(JSON.parse(h.body.toString())).toEqual({
        status: "error",
        storage: "filesystem",
        message: "the object storage does not answer",
      });
      expect(lines).toContainEqual(expect.stringContaining("secret-bucket at http://10.1.2.3:9000"));
    } finally {
      await s.close();
      await own.close();
    }
  });

  it("finishes in-flight requests on close, then flushes the counters", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow: StorageAdapter = Object.assign(Object.create(storage) as StorageAdapter, {
      get: async (key: string) => {
        await gate;
        return storage.get(key);
      },
    });
    const own = createPbsCounters({ flushMs: 3_600_000, log: () => undefined });
    const s = await startPbsServer({ port: 0, host: "127.0.0.1", storage: slow, defaultOrg: org, accessLog: false, counters: own });
    const inflight = viaServer(target(0), { base: s.url });
    await new Promise((r) => setTimeout(r, 100));
    const closing = s.close();
    release();
    const a = await inflight;
    await closing;
    expect(a.status).toBe(200);
    expect(own.pending()).toEqual([]);
    await expect(viaServer(target(0), { base: s.url })).rejects.toThrow();
    await own.close();
  });

  it("never answers 5xx nor throws for 2,000 random malformed targets", async () => {
    const alphabet = [
      "p",
      "b",
      "v",
      "e",
      "r",
      "P",
      "B",
      "=",
      "&",
      "?",
      "%",
      "%2",
      "%zz",
      "%C3",
      "+",
      "#",
      "/",
      "0",
      "1",
      "9",
      "-",
      ".",
      "a",
      "Z",
      "\u0000",
      "\u00ff",
      "\u20ac",
      ";",
      " ",
      name,
      "pb=",
      "pbver=",
      "&pb=",
      "&pbver=",
    ];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const cache = createPbsCache({ storage });
    const targets: string[] = [];
    for (let i = 0; i < 2000; i++) {
      let t = ["/pbserver/pbserver.dll?", `/o/${org}/pbserver/pbserver.dll?`, "/pbserver/pbserver.dll", ""][rand(4)] ?? "";
      const parts = rand(40);
      for (let j = 0; j < parts; j++) t += alphabet[rand(alphabet.length)];
      if (rand(20) === 0) t += "x".repeat(1000);
      targets.push(t);
    }
    for (const t of targets) {
      const a = await handlePbsRequest({ target: t, orgSlug: org, method: "GET", cache, delivery: "stream" });
      expect(a.status, t).toBeLessThan(500);
    }
    // Through the Next route (the URL parser normalises what it can) ...
    for (const t of targets.slice(0, 300)) {
      const safe = t.startsWith("/") ? t : `/pbserver/pbserver.dll?${t}`;
      let request: string;
      try {
        request = new URL(`http://localhost${safe.replace(/#/g, "%23")}`).toString();
      } catch {
        continue; // not a URL a client could send to Next
      }
      const r = await viaNext(request.slice("http://localhost".length));
      expect(r.status, t).toBeLessThan(500);
    }
    // ... and raw bytes on the wire to the standalone server.
    for (const t of targets.slice(0, 300)) {
      const raw = t.startsWith("/") ? t : `/pbserver/pbserver.dll?${t}`;
      const status = await rawStatus(
        server.url,
        Buffer.from(`GET ${raw.replace(/ /g, "+")} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, "latin1"),
      );
      expect(status, raw).toBeLessThan(500);
    }
  });
});

describe("PBS counters", () => {
  it("sums hits per phone book and flushes them in one upsert", async () => {
    // A fixed clock: every hit falls in one minute bucket.
    const own = createPbsCounters({
      databaseUrl: process.env.DATABASE_URL,
      flushMs: 3_600_000,
      now: () => Date.UTC(2026, 10, 24, 12, 30, 15),
    });
    const s = await startPbsServer({ port: 0, host: "127.0.0.1", storage, defaultOrg: org, accessLog: false, counters: own });
    try {
      const plan: [string, number][] = [
        [target(0), 3],
        [target(V - 1), 4],
        [target(V + 5), 5],
        [`/pbserver/pbserver.dll?pb=${name}&pbver=x`, 2],
        ["/pbserver/pbserver.dll?pb=Unknown&pbver=1", 3],
        ["/pbserver/pbserver.dll?pb=bad!&pbver=1", 1],
      ];
      for (const [t, n] of plan) for (let i = 0; i < n; i++) await viaServer(t, { base: s.url });
      const before = await hits();
      expect(await own.flush()).toBe(2);
      await viaServer(target(0), { base: s.url });
      await own.flush();
      expect(await own.flush()).toBe(0);
      const after = await hits();
      const delta = (pb: string, col: string) => (after[pb]?.[col] ?? 0) - (before[pb]?.[col] ?? 0);
      const pb = name.toUpperCase();
      expect([delta(pb, "full"), delta(pb, "delta"), delta(pb, "no_update"), delta(pb, "error")]).toEqual([4, 4, 5, 2]);
      expect([delta("(invalid)", "full"), delta("(invalid)", "error")]).toEqual([0, 4]);
      // The Prisma model maps the same table (schema.prisma ↔ migration).
      const { db } = await import("@/lib/server/db");
      const row = await db.pbsHit.findUniqueOrThrow({
        where: { orgSlug_phonebook_bucket: { orgSlug: org, phonebook: pb, bucket: new Date(Date.UTC(2026, 10, 24, 12, 30)) } },
      });
      expect([row.fullHits, row.deltaHits, row.noUpdateHits, row.errorHits]).toEqual([4n, 4n, 5n, 2n]);
    } finally {
      await s.close();
      await own.close();
    }
  });

  it("keeps counts when the database is unreachable and bounds the number of keys", async () => {
    const logs: string[] = [];
    const down = createPbsCounters({
      databaseUrl: "postgresql://postgres@127.0.0.1:1/nope",
      flushMs: 3_600_000,
      maxKeys: 3,
      log: (l) => logs.push(l),
    });
    for (let i = 0; i < 10; i++) down.count("o", `PB${i}`, "error");
    await expect(down.flush()).rejects.toThrow();
    const pending = down.pending();
    expect(pending.map((r) => [r.orgSlug, r.phonebook, r.error])).toEqual([
      ["o", "PB0", 1],
      ["o", "PB1", 1],
      ["o", "PB2", 1],
      ["(other)", "(invalid)", 7],
    ]);
    await down.close().catch(() => undefined);
    const logged = createPbsCounters({ flushMs: 3_600_000, log: (l) => logs.push(l) });
    logged.count("o", "X", "full");
    expect(await logged.flush()).toBe(1);
    expect(logs.at(-1)).toContain('"phonebook":"X"');
    await logged.close();
  });
});

async function hits(): Promise<Record<string, Record<string, number>>> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const rows = await client.query<{ phonebook: string; full: string; delta: string; no_update: string; error: string }>(
      `SELECT phonebook, sum(full_hits) AS full, sum(delta_hits) AS delta, sum(no_update_hits) AS no_update, sum(error_hits) AS error
       FROM pbs_hit WHERE org_slug = $1 GROUP BY phonebook`,
      [org],
    );
    return Object.fromEntries(
      rows.rows.map((r) => [
        r.phonebook,
        { full: Number(r.full), delta: Number(r.delta), no_update: Number(r.no_update), error: Number(r.error) },
      ]),
    );
  } finally {
    await client.end();
  }
}

function rawStatus(base: string, bytes: Buffer): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const head = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      resolve(match ? Number(match[1]) : 0);
    });
  });
}
