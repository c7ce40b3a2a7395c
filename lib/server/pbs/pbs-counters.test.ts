import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as orgRoute from "@/app/o/[org]/pbserver/pbserver.dll/route";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { appPbsCounters, createPbsCounters, INVALID_PHONEBOOK, UNKNOWN_ORG } from "./pbs-counters";
import { startPbsServer } from "./pbs-server";
import { silentLogger } from "@/lib/server/log";

type THit = { org_slug: string; phonebook: string; bucket: Date; full: number; no_update: number; error: number };

let storage: FilesystemStorage;
let org: string;
let name: string;
let client: pg.Client;

/** A slug that passes the URL pattern (^[a-z0-9-]{2,40}$) and belongs to no organisation. */
const randomSlug = (): string => `zz-${randomBytes(6).toString("hex")}`;
/** A valid phone book name nobody published. */
const randomPb = (): string => `Q${randomBytes(3).toString("hex").toUpperCase()}`;
const pbsPath = (slug: string, pb: string, pbver = 1) => `/o/${slug}/pbserver/pbserver.dll?pb=${pb}&pbver=${pbver}`;

function get(base: string, target: string): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: target, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

async function rowsBetween(from: number, to: number): Promise<THit[]> {
  const result = await client.query<THit>(
    `SELECT org_slug, phonebook, bucket, full_hits::int AS full, no_update_hits::int AS no_update, error_hits::int AS error
     FROM pbs_hit WHERE bucket >= $1 AND bucket < $2`,
    [new Date(from), new Date(to)],
  );
  // Sorted here: the database collation may ignore the parentheses of "(unknown)".
  const key = (r: THit) => `${r.bucket.toISOString()} ${r.org_slug} ${r.phonebook}`;
  return result.rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

beforeAll(async () => {
  storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-pbs-counters-")));
  setStorageForTests(storage);
  const made = await makeOrg(["admin", "editor"]);
  org = made.actors.admin.orgSlug;
  name = pbName();
  await createPhonebook({ actor: made.actors.admin, input: { name, description: "" } });
  await addPop(made.actors.editor, name, 1);
  await publishVersion({ actor: made.actors.admin, phonebookName: name, storage });
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
});

describe("PBS counters keep only existing organisations and published phone books", () => {
  it("writes a flood of random organisation slugs as at most one (unknown) row a minute (standalone server)", async () => {
    // A clock of our own, in minutes no other test writes: three minutes of traffic.
    const base = Date.UTC(2031, 0, 1, 10, 0, 0);
    let clock = base;
    const counters = createPbsCounters({ databaseUrl: process.env.DATABASE_URL, flushMs: 3_600_000, now: () => clock });
    const server = await startPbsServer({ port: 0, host: "127.0.0.1", storage, accessLog: false, counters });
    const slugs = new Set<string>();
    try {
      for (let minute = 0; minute < 3; minute++) {
        clock = base + minute * 60_000 + 5_000;
        for (let i = 0; i < 150; i++) {
          const slug = randomSlug();
          slugs.add(slug);
          expect(await get(server.url, pbsPath(slug, name))).toBe(404);
        }
        // The real organisation: 4 full answers, 2 up to date, 3 unknown phone books.
        for (let i = 0; i < 4; i++) expect(await get(server.url, pbsPath(org, name, 0))).toBe(200);
        for (let i = 0; i < 2; i++) expect(await get(server.url, pbsPath(org, name, 1))).toBe(204);
        for (let i = 0; i < 3; i++) expect(await get(server.url, pbsPath(org, randomPb()))).toBe(404);
      }
      // In memory: at most maxUnprovenOrgs (100) random slugs keep a key, the rest are lumped.
      const pending = counters.pending();
      expect(pending.filter((r) => slugs.has(r.orgSlug)).length).toBeLessThanOrEqual(100);
      expect(pending.reduce((sum, r) => sum + r.full + r.noUpdate + r.error, 0)).toBe(3 * (150 + 4 + 2 + 3));
      // Written: per minute one (unknown) row, one row of the phone book, one (invalid) row.
      expect(await counters.flush()).toBe(9);
    } finally {
      await server.close();
      await counters.close();
    }
    const rows = await rowsBetween(base, base + 3 * 60_000);
    const pb = name.toUpperCase();
    expect(rows.map((r) => [r.bucket.getTime() - base, r.org_slug, r.phonebook, r.full, r.no_update, r.error])).toEqual(
      [0, 1, 2].flatMap((m) => [
        [m * 60_000, UNKNOWN_ORG, INVALID_PHONEBOOK, 0, 0, 150],
        [m * 60_000, org, INVALID_PHONEBOOK, 0, 0, 3],
        [m * 60_000, org, pb, 4, 2, 0],
      ]),
    );
    const named = await client.query("SELECT count(*)::int AS n FROM pbs_hit WHERE org_slug = ANY($1)", [[...slugs]]);
    expect(named.rows[0]).toEqual({ n: 0 });
  });

  it("does the same for the Next route (the app's counters)", async () => {
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    const slugs: string[] = [];
    for (let i = 0; i < 300; i++) {
      const slug = randomSlug();
      slugs.push(slug);
      const response = await orgRoute.GET(new Request(`http://localhost${pbsPath(slug, name)}`), {
        params: Promise.resolve({ org: slug }),
      });
      expect(response.status).toBe(404);
    }
    await appPbsCounters().flush();
    const end = Math.floor(Date.now() / 60_000) * 60_000 + 60_000;
    const named = await client.query("SELECT count(*)::int AS n FROM pbs_hit WHERE org_slug = ANY($1)", [slugs]);
    expect(named.rows[0]).toEqual({ n: 0 });
    const unknown = (await rowsBetween(start, end)).filter((r) => r.org_slug === UNKNOWN_ORG);
    expect(unknown.length).toBeLessThanOrEqual((end - start) / 60_000);
    expect(unknown.every((r) => r.phonebook === INVALID_PHONEBOOK)).toBe(true);
    expect(unknown.reduce((sum, r) => sum + r.error, 0)).toBeGreaterThanOrEqual(300);
  });

  it("writes any key of a slug no organisation has as (unknown), whatever phone book it names", async () => {
    const minute = Date.UTC(2031, 0, 2, 8, 0, 0);
    const counters = createPbsCounters({ databaseUrl: process.env.DATABASE_URL, flushMs: 3_600_000, now: () => minute + 1_000 });
    try {
      counters.count(randomSlug(), "ABC", "full");
      counters.count(randomSlug(), "DEF", "delta");
      counters.count(randomSlug(), INVALID_PHONEBOOK, "error");
      counters.count(org, "ABC", "noUpdate");
      expect(await counters.flush()).toBe(2);
    } finally {
      await counters.close();
    }
    const rows = await rowsBetween(minute, minute + 60_000);
    expect(rows.map((r) => [r.org_slug, r.phonebook, r.full, r.no_update, r.error])).toEqual([
      [UNKNOWN_ORG, INVALID_PHONEBOOK, 1, 0, 1],
      [org, "ABC", 0, 1, 0],
    ]);
    const delta = await client.query<{ delta: number }>(
      "SELECT delta_hits::int AS delta FROM pbs_hit WHERE org_slug = $1 AND bucket = $2",
      [UNKNOWN_ORG, new Date(minute)],
    );
    expect(delta.rows).toEqual([{ delta: 1 }]);
  });

  it("lumps organisations past maxUnprovenOrgs in memory, but never one that served a published phone book", () => {
    const counters = createPbsCounters({ flushMs: 3_600_000, maxUnprovenOrgs: 2, now: () => 0, logger: silentLogger() });
    const notFound = { kind: "error", status: 404, message: "" } as const;
    counters.countResult("known-org", { kind: "no_update", version: 3, phonebook: "PB" });
    for (const slug of ["aa", "bb", "cc", "dd", "aa"]) counters.countResult(slug, notFound);
    counters.countResult("known-org", notFound);
    expect(counters.pending().map((r) => [r.orgSlug, r.phonebook, r.noUpdate, r.error])).toEqual([
      ["known-org", "PB", 1, 0],
      ["aa", INVALID_PHONEBOOK, 0, 2],
      ["bb", INVALID_PHONEBOOK, 0, 1],
      [UNKNOWN_ORG, INVALID_PHONEBOOK, 0, 2],
      ["known-org", INVALID_PHONEBOOK, 0, 1],
    ]);
    return counters.close();
  });

  it("keeps that budget across failed flushes (the kept slugs still count against it)", async () => {
    const down = createPbsCounters({
      databaseUrl: "postgresql://postgres@127.0.0.1:1/nope",
      flushMs: 3_600_000,
      maxUnprovenOrgs: 2,
      now: () => 0,
      logger: silentLogger(),
    });
    const notFound = { kind: "error", status: 404, message: "" } as const;
    for (const slug of ["aa", "bb"]) down.countResult(slug, notFound);
    await expect(down.flush()).rejects.toThrow();
    for (const slug of ["cc", "aa"]) down.countResult(slug, notFound);
    expect(down.pending().map((r) => [r.orgSlug, r.error])).toEqual([
      ["aa", 2],
      ["bb", 1],
      [UNKNOWN_ORG, 1],
    ]);
    await down.close().catch(() => undefined);
  });
});
