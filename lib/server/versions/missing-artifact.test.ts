import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as publish from "@/app/api/v1/phonebooks/[name]/publish/route";
import * as bundle from "@/app/api/v1/phonebooks/[name]/versions/[version]/bundle.zip/route";
import * as file from "@/app/api/v1/phonebooks/[name]/versions/[version]/files/[file]/route";
import { versionKey } from "@/lib/phonebook/artifact-names";
import { setLoggerForTests } from "@/lib/server/log";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { callRoute } from "@/lib/test/api";
import { spyLog } from "@/lib/test/capture-log";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";

const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-missing-")));
const GENERIC = { error: { code: "internal", message: "A published file is missing from storage; it has been logged.", details: null } };

beforeAll(() => setStorageForTests(storage));
afterAll(() => setStorageForTests(undefined));
afterEach(() => setLoggerForTests(undefined));

/** A phone book published once by the API, with one of its stored files then deleted. */
async function publishedWithout(file: (name: string) => string) {
  const { actors } = await makeOrg(["admin", "editor", "viewer"]);
  const name = pbName();
  await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
  await addPop(actors.editor, name, 1);
  const published = await callRoute(publish.POST, { method: "POST", token: actors.admin.token, params: { name } });
  expect(published.status).toBe(201);
  const key = versionKey(actors.admin.orgSlug, name, 1, file(name));
  await storage.delete([key]);
  return { actors, name, key };
}

/** The answer carries neither the key nor the organisation; the server log has the key. */
function expectGeneric(res: { status: number; json: unknown; text: string }, key: string, orgSlug: string, log: ReturnType<typeof spyLog>) {
  expect(res.status).toBe(500);
  expect(res.json).toEqual(GENERIC);
  expect(res.text).not.toContain(key);
  expect(res.text).not.toContain(orgSlug);
  expect(log.records()).toContainEqual(
    expect.objectContaining({ level: "error", msg: "object missing from storage", key, storage: "filesystem" }),
  );
}

describe("a published file missing from storage", () => {
  it("answers a download with a generic 500 and logs the storage key", async () => {
    const { actors, name, key } = await publishedWithout((pb) => `${pb}_1_full.cab`);
    const log = spyLog();
    const res = await callRoute(file.GET, { token: actors.viewer.token, params: { name, version: "1", file: `${name}_1_full.cab` } });
    expectGeneric(res, key, actors.admin.orgSlug, log);
  });

  it("answers a bundle with a generic 500 and logs the storage key", async () => {
    const { actors, name, key } = await publishedWithout((pb) => `${pb}.ver`);
    const log = spyLog();
    const res = await callRoute(bundle.GET, { token: actors.viewer.token, params: { name, version: "1" } });
    expectGeneric(res, key, actors.admin.orgSlug, log);
  });

  it("answers a publish that needs the previous .pbk with a generic 500 and logs the storage key", async () => {
    const { actors, name, key } = await publishedWithout((pb) => `${pb}.pbk`);
    await addPop(actors.editor, name, 2);
    const log = spyLog();
    const res = await callRoute(publish.POST, { method: "POST", token: actors.admin.token, params: { name } });
    expectGeneric(res, key, actors.admin.orgSlug, log);
  });
});
