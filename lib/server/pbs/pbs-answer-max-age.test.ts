import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import type { TPbsServer } from "@/lib/server/pbs/pbs-server";
import type { FilesystemStorage } from "@/lib/server/storage/filesystem";

// PBS_ANSWER_MAX_AGE=N makes every PBS answer but 5xx cacheable by shared caches for N s, on
// the standalone server and on the Next route alike (README "Putting a CDN in front").
// This file's process has PBS_ANSWER_MAX_AGE=30 from its start; the default (0, no-cache) is
// what lib/server/pbs/pbs-server.test.ts checks.

const CACHEABLE = "public, max-age=0, s-maxage=30";
let server: TPbsServer;
let storage: FilesystemStorage;
let query: (pbver: number) => string;

beforeAll(async () => {
  process.env.PBS_ANSWER_MAX_AGE = "30";
  resetEnvCache();
  const { FilesystemStorage } = await import("@/lib/server/storage/filesystem");
  const { startPbsServer } = await import("@/lib/server/pbs/pbs-server");
  const { createPbsCounters } = await import("@/lib/server/pbs/pbs-counters");
  const { makeOrg, addPop, pbName } = await import("@/lib/test/fixtures");
  const { createPhonebook } = await import("@/lib/server/phonebooks/create-phonebook");
  const { publishVersion } = await import("@/lib/server/versions/publish-version");
  storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-max-age-")));
  const { actors } = await makeOrg(["admin"]);
  const name = pbName();
  await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
  await addPop(actors.admin, name, 1);
  await publishVersion({ actor: actors.admin, phonebookName: name, storage });
  await addPop(actors.admin, name, 2);
  await publishVersion({ actor: actors.admin, phonebookName: name, storage });
  server = await startPbsServer({
    port: 0,
    host: "127.0.0.1",
    storage,
    defaultOrg: actors.admin.orgSlug,
    accessLog: false,
    counters: createPbsCounters({ flushMs: 3_600_000, log: () => undefined }),
    log: () => undefined,
  });
  query = (pbver) => `${server.url}/pbserver/pbserver.dll?osarch=x86&ostype=2&lcid=1033&osver=5.1&cmver=7.2&pb=${name}&pbver=${pbver}`;
});

afterAll(async () => {
  await server?.close();
  delete process.env.PBS_ANSWER_MAX_AGE;
  resetEnvCache();
});

describe("PBS_ANSWER_MAX_AGE", () => {
  it("marks no-update, full, delta, 304 and 4xx answers cacheable by shared caches", async () => {
    const none = await fetch(query(2));
    expect([none.status, none.headers.get("cache-control")]).toEqual([204, CACHEABLE]);
    const full = await fetch(query(0));
    expect([full.status, full.headers.get("cache-control")]).toEqual([200, CACHEABLE]);
    const delta = await fetch(query(1));
    expect([delta.status, delta.headers.get("cache-control")]).toEqual([200, CACHEABLE]);
    expect(
      Buffer.from(await delta.arrayBuffer())
        .subarray(0, 4)
        .toString("latin1"),
    ).toBe("MSCF");
    const revalidated = await fetch(query(0), { headers: { "if-none-match": full.headers.get("etag") ?? "" } });
    expect([revalidated.status, revalidated.headers.get("cache-control")]).toEqual([304, CACHEABLE]);
    const unknown = await fetch(query(0).replace(/pb=[^&]+/, "pb=NOSUCH"));
    expect([unknown.status, unknown.headers.get("cache-control")]).toEqual([404, CACHEABLE]);
  });

  it("never lets a cache keep a 503 (storage unavailable)", async () => {
    const { errorAnswer } = await import("@/lib/server/pbs/pbs-response");
    expect(errorAnswer(503, "storage unavailable").headers["Cache-Control"]).toBe("no-cache");
    expect(errorAnswer(400, "bad query").headers["Cache-Control"]).toBe(CACHEABLE);
  });
});
