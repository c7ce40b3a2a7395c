import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentKey, versionKey } from "@/lib/phonebook/artifact-names";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { killAllAndWait, usePrivateDatabase } from "./private-database";
import { spyLog } from "@/lib/test/capture-log";

// Faults while the app runs: the object storage failing in the middle of a publish, the
// database dropping every connection, and the health check reporting a broken storage.
//
// This file runs on a database of its own (migrated here, dropped after): terminating
// "all backends of the test database" on the shared per-run database would also cut the
// connections of the test files running in parallel. Everything that opens the Prisma client
// is therefore imported after DATABASE_URL points at that database. killAll waits until the
// terminated backends have exited; calls made in the few milliseconds before that fail
// (see db-reconnect.test.ts).

type TModules = {
  db: typeof import("@/lib/server/db").db;
  fixtures: typeof import("@/lib/test/fixtures");
  callRoute: typeof import("@/lib/test/api").callRoute;
  setStorageForTests: typeof import("@/lib/server/storage").setStorageForTests;
  phonebooks: typeof import("@/app/api/v1/phonebooks/route");
  pops: typeof import("@/app/api/v1/phonebooks/[name]/pops/route");
  imports: typeof import("@/app/api/v1/phonebooks/[name]/imports/route");
  publish: typeof import("@/app/api/v1/phonebooks/[name]/publish/route");
  health: typeof import("@/app/api/health/route");
  createPbsCache: typeof import("@/lib/server/pbs/current-cache").createPbsCache;
  handlePbsRequest: typeof import("@/lib/server/pbs/handle-pbs-request").handlePbsRequest;
};

let m: TModules;
let database: Awaited<ReturnType<typeof usePrivateDatabase>>;
let storage: FilesystemStorage;
let admin: pg.Client;
let org: Awaited<ReturnType<TModules["fixtures"]["makeOrg"]>>;

const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
const csv = (from: number, to: number, region = "") => {
  const lines = [HEADER];
  for (let i = from; i <= to; i++) lines.push(`${i},1,${i % 2 ? region : ""},City ${i},425,555${i},9600,56000,0,ISP,true,`);
  return `${lines.join("\r\n")}\r\n`;
};

/** The brief's pg_terminate_backend statement, then a wait until those backends have exited. */
const killAll = () => killAllAndWait(admin);

beforeAll(async () => {
  database = await usePrivateDatabase("faults");
  m = {
    db: (await import("@/lib/server/db")).db,
    fixtures: await import("@/lib/test/fixtures"),
    callRoute: (await import("@/lib/test/api")).callRoute,
    setStorageForTests: (await import("@/lib/server/storage")).setStorageForTests,
    phonebooks: await import("@/app/api/v1/phonebooks/route"),
    pops: await import("@/app/api/v1/phonebooks/[name]/pops/route"),
    imports: await import("@/app/api/v1/phonebooks/[name]/imports/route"),
    publish: await import("@/app/api/v1/phonebooks/[name]/publish/route"),
    health: await import("@/app/api/health/route"),
    createPbsCache: (await import("@/lib/server/pbs/current-cache")).createPbsCache,
    handlePbsRequest: (await import("@/lib/server/pbs/handle-pbs-request")).handlePbsRequest,
  };
  // The module's client must be the one on this database, not a client of another file.
  expect((await m.db.$queryRaw<{ d: string }[]>`SELECT current_database() AS d`)[0]?.d).toBe(database.name);
  storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-faults-")));
  m.setStorageForTests(storage);
  admin = new pg.Client({ connectionString: database.url });
  admin.on("error", () => undefined);
  await admin.connect();
  org = await m.fixtures.makeOrg(["admin", "editor", "viewer"]);
}, 60_000);

afterAll(async () => {
  m?.setStorageForTests(undefined);
  await m?.db.$disconnect();
  await admin?.end().catch(() => undefined);
  await database?.drop();
});

async function newPhonebook(): Promise<{ name: string; id: string }> {
  const name = m.fixtures.pbName();
  const res = await m.callRoute(m.phonebooks.POST, { method: "POST", token: org.actors.admin.token, body: { name } });
  expect(res.status, res.text).toBe(201);
  return { name, id: (await m.db.phonebook.findFirstOrThrow({ where: { orgId: org.org.id, nameKey: name.toUpperCase() } })).id };
}

const importCsv = (name: string, body: string) =>
  m.callRoute(m.imports.POST, { method: "POST", token: org.actors.editor.token, params: { name }, rawBody: body, contentType: "text/csv" });
const publishRoute = (name: string) => m.callRoute(m.publish.POST, { method: "POST", token: org.actors.admin.token, params: { name } });

describe("storage failing in the middle of a publish", () => {
  it("keeps the previous version current whichever put fails, then publishes the next number", async () => {
    const { name, id } = await newPhonebook();
    const slug = org.org.slug;
    // Six versions, so the next one writes pbk, pbr, ver, the full cab and five delta cabs.
    for (let v = 1; v <= 6; v++) {
      expect((await importCsv(name, csv(1, 5 + v))).status).toBe(200);
      expect((await publishRoute(name)).status).toBe(201);
    }
    const files = 3 + 1 + 5;
    const state = async () => ({
      current: (await storage.get(currentKey(slug, name)))?.toString(),
      currentVersion: (await m.db.phonebook.findUniqueOrThrow({ where: { id } })).currentVersion,
      versions: (await m.db.version.findMany({ where: { phonebookId: id }, orderBy: { number: "asc" } })).map((v) => [
        v.number,
        v.popCount,
      ]),
      artifacts: await m.db.artifact.count({ where: { version: { phonebookId: id } } }),
      pending: await m.db.pendingChange.count({ where: { phonebookId: id } }),
      audit: await m.db.auditEvent.count({ where: { orgId: org.org.id, action: "version.publish" } }),
    });
    expect((await importCsv(name, csv(1, 20))).status).toBe(200);
    const before = await state();
    expect(before.currentVersion).toBe(6);
    expect(before.pending).toBeGreaterThan(0);
    const errors = spyLog();
    try {
      // k puts succeed, the next one throws: k = files means current.json itself fails.
      for (let k = 0; k <= files; k++) {
        let puts = 0;
        const keys: string[] = [];
        const faulty: StorageAdapter = Object.assign(Object.create(storage) as StorageAdapter, {
          put: async (key: string, data: Buffer, type: string) => {
            puts += 1;
            if (puts > k) throw new Error(`injected storage failure after ${k} put(s) (${key})`);
            keys.push(key);
            return storage.put(key, data, type);
          },
        });
        m.setStorageForTests(faulty);
        const res = await publishRoute(name);
        m.setStorageForTests(storage);
        expect(res.status, `failing after ${k} put(s): ${res.text}`).toBe(500);
        expect((res.json.error as { code: string }).code).toBe("internal");
        expect(keys, `puts before the failure (k = ${k})`).toHaveLength(k);
        expect(
          keys.every((key) => key.startsWith(`${slug}/${name.toUpperCase()}/7/`)),
          keys.join(", "),
        ).toBe(true);
        expect(await state(), `after a failure after ${k} put(s)`).toEqual(before);
        // The PBS still serves version 6.
        const cache = m.createPbsCache({ storage, ttlMs: 0 });
        const pbs = await m.handlePbsRequest({
          target: `/pbserver/pbserver.dll?pb=${name}&pbver=6`,
          orgSlug: slug,
          method: "GET",
          cache,
          delivery: "stream",
        });
        expect(pbs.status).toBe(204);
      }
    } finally {
      errors.restore();
      m.setStorageForTests(storage);
    }
    const ok = await publishRoute(name);
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.version).toBe(7);
    const after = await state();
    expect(after.currentVersion).toBe(7);
    expect(after.versions.map((v) => v[0])).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(after.pending).toBe(0);
    expect((JSON.parse(after.current ?? "{}") as { version?: number }).version).toBe(7);
    const pbk = (await storage.get(versionKey(slug, name, 7, `${name}.pbk`)))?.toString() ?? "";
    expect(pbk.split("\r\n").filter(Boolean)).toHaveLength(20);
  }, 60_000);
});

describe("database connections dropped while the app runs", () => {
  it("answers the next call after every connection was terminated, with no manual step", async () => {
    const token = org.actors.editor.token;
    const { name } = await newPhonebook();
    // Warm the pool with several connections.
    await Promise.all(Array.from({ length: 6 }, () => m.callRoute(m.phonebooks.GET, { token })));
    expect(await killAll()).toBeGreaterThan(0);

    const errors = spyLog();
    try {
      const list = await m.callRoute(m.phonebooks.GET, { token });
      expect(list.status, `first call after the kill: ${list.text}`).toBe(200);
      expect((list.json.phonebooks as { name: string }[]).map((p) => p.name)).toContain(name);
      const created = await m.callRoute(m.pops.POST, {
        method: "POST",
        token,
        params: { name },
        body: { popIndex: 1, countryCode: 1, accessNumber: "5551" },
      });
      expect(created.status, created.text).toBe(201);
      expect(await m.db.pop.count({ where: { phonebook: { name }, popIndex: 1 } })).toBe(1);

      // Once more, between two writes, with transactions in the pool's history.
      expect(await killAll()).toBeGreaterThan(0);
      const second = await m.callRoute(m.pops.POST, {
        method: "POST",
        token,
        params: { name },
        body: { popIndex: 2, countryCode: 1, accessNumber: "5552" },
      });
      expect(second.status, `first write after the second kill: ${second.text}`).toBe(201);
      expect(errors.records().filter((r) => r.level === "error")).toEqual([]);
    } finally {
      errors.restore();
    }
  }, 30_000);

  it("fails a call in flight with a clear, logged error and writes nothing of it", async () => {
    const { name, id } = await newPhonebook();
    const errors = spyLog();
    try {
      const rows = 30_000;
      const inflight = importCsv(name, csv(1, rows, "Killed"));
      // Wait until the import's transaction is writing POP rows, then cut every connection.
      let caught = false;
      for (let i = 0; i < 2000 && !caught; i++) {
        const active = await admin.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query ILIKE '%unnest%'",
        );
        if ((active.rows[0] as { n: number }).n > 0) caught = true;
        else await new Promise((r) => setTimeout(r, 2));
      }
      expect(caught, "the import never reached its writes").toBe(true);
      await killAll();
      const res = await inflight;
      // A write is not repeated: 503 with Retry-After, saying nothing was changed.
      expect(res.status, res.text).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.json.error).toEqual({
        code: "unavailable",
        message: "The database connection was interrupted; nothing was changed. Retry in a moment.",
        details: null,
      });
      // The log names the cause.
      const lost = errors.records().find((r) => r.msg === "api request lost its database connection");
      expect(lost).toMatchObject({ level: "error", method: "POST" });
      expect(JSON.stringify(lost?.err)).toMatch(/terminat|connection|closed/i);
      // No partial write: no POP, region, pending change or audit event of that import.
      expect(await m.db.pop.count({ where: { phonebookId: id } })).toBe(0);
      expect(await m.db.region.count({ where: { phonebookId: id } })).toBe(0);
      expect(await m.db.pendingChange.count({ where: { phonebookId: id } })).toBe(0);
      expect(await m.db.auditEvent.count({ where: { phonebookId: id, action: "pop.import" } })).toBe(0);
      // And the same import goes through right after, without any manual step.
      const again = await importCsv(name, csv(1, rows, "Killed"));
      expect(again.status, again.text).toBe(200);
      expect(again.json).toMatchObject({ added: rows, newRegions: ["Killed"] });
      expect(await m.db.pop.count({ where: { phonebookId: id } })).toBe(rows);
    } finally {
      errors.restore();
    }
  }, 60_000);
});

describe("GET /api/health", () => {
  it("answers 503 (details only in the log) while storage.health() throws, and 200 once it is back", async () => {
    const ok = await m.callRoute(m.health.GET, {});
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ status: "ok", checks: { database: "ok", storage: "ok" } });
    const broken: StorageAdapter = Object.assign(Object.create(storage) as StorageAdapter, {
      health: async () => {
        throw new Error("bucket pba-artifacts is not reachable (ECONNREFUSED)");
      },
    });
    m.setStorageForTests(broken);
    const logged = spyLog();
    try {
      const down = await m.callRoute(m.health.GET, {});
      expect(down.status).toBe(503);
      // The unauthenticated answer says what is down, not hosts or bucket names.
      expect(down.json).toEqual({ status: "error", checks: { database: "ok", storage: "error: the object storage does not answer" } });
      expect(down.text).not.toContain("pba-artifacts");
      expect(down.headers.get("content-type")).toContain("application/json");
      expect(logged.text()).toContain("bucket pba-artifacts is not reachable");
    } finally {
      logged.restore();
      m.setStorageForTests(storage);
    }
    const back = await m.callRoute(m.health.GET, {});
    expect(back.status).toBe(200);
    expect(back.json).toEqual({ status: "ok", checks: { database: "ok", storage: "ok" } });
  });

  it("answers 200 again once every database connection was cut (the pool reconnects)", async () => {
    expect(await killAll()).toBeGreaterThan(0);
    const res = await m.callRoute(m.health.GET, {});
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ checks: { database: "ok" } });
  });
});
