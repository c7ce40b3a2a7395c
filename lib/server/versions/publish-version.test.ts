import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractWith, TOOL_NAMES } from "@/lib/cab/test-tools";
import { readCabinet } from "@/lib/cab";
import { applyDelta } from "@/lib/phonebook/delta";
import { currentKey, versionKey, ZCurrentJson } from "@/lib/phonebook/artifact-names";
import { updatePop } from "@/lib/server/pops/update-pop";
import { bulkUpdatePops } from "@/lib/server/pops/bulk-pops";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { createRegion, renameRegion } from "@/lib/server/regions/save-region";
import { db } from "@/lib/server/db";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { publishVersion } from "./publish-version";

const tempStorage = () => new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-publish-")));

async function setup() {
  const { actors } = await makeOrg(["admin", "editor"]);
  const name = pbName();
  await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
  const pop = (popIndex: number, extra: Record<string, unknown> = {}) => addPop(actors.editor, name, popIndex, extra);
  return { actors, name, pop };
}

async function currentOf(storage: StorageAdapter, org: string, name: string) {
  const raw = await storage.get(currentKey(org, name));
  return raw ? ZCurrentJson.parse(JSON.parse(raw.toString())) : null;
}

describe("publishVersion", () => {
  it("publishes gapless versions whose deltas bring every client to the current .pbk", async () => {
    const storage = tempStorage();
    const { actors, name, pop } = await setup();
    const org = actors.admin.orgSlug;
    const wa = await createRegion({ actor: actors.editor, phonebookName: name, input: { name: "Washington" } });
    await pop(23, {
      regionId: wa.id,
      minSpeed: 9600,
      maxSpeed: 56000,
      flags: 96,
      dialupEntry: "MyISP",
      name: "Redmond",
      accessNumber: "5550134",
    });
    await pop(5);
    const v1 = await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    expect(v1.version).toBe(1);
    expect(v1.artifacts.map((a) => a.name)).toEqual([`${name}.pbk`, `${name}.pbr`, `${name}.ver`, `${name}_1_full.cab`]);
    const pbk1 = (await storage.get(versionKey(org, name, 1, `${name}.pbk`)))?.toString();
    expect(pbk1).toBe(`5,1,0,City5,425,5555,,,0,0,\r\n23,1,1,Redmond,425,5550134,9600,56000,0,96,MyISP\r\n`);

    // Nothing changed → 409, no version 2.
    await expect(publishVersion({ actor: actors.admin, phonebookName: name, storage })).rejects.toMatchObject({ code: "conflict" });

    // Seven rounds of edits: adds, edits, out of service, deletes, region changes (.pbr only).
    const rounds: (() => Promise<unknown>)[] = [
      () => pop(40),
      () => updatePop({ actor: actors.editor, phonebookName: name, popIndex: 5, patch: { accessNumber: "999" } }),
      () => createRegion({ actor: actors.editor, phonebookName: name, input: { name: "Alaska" } }), // position 2; Washington keeps 1
      () => bulkUpdatePops({ actor: actors.editor, phonebookName: name, input: { popIndexes: [40], action: "setOutOfService" } }),
      () => bulkUpdatePops({ actor: actors.editor, phonebookName: name, input: { popIndexes: [5], action: "delete" } }),
      () => renameRegion({ actor: actors.editor, phonebookName: name, regionId: wa.id, input: { name: "Aardvark" } }), // keeps position 1
      () => pop(7),
    ];
    for (const round of rounds) {
      await round();
      await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    }
    const V = 8;
    const versions = await db.version.findMany({ where: { phonebook: { name } }, orderBy: { number: "asc" } });
    expect(versions.map((v) => v.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const current = await currentOf(storage, org, name);
    expect(current?.version).toBe(V);
    expect(
      Object.keys(current?.deltas ?? {})
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([3, 4, 5, 6, 7]);
    const pbkV = (await storage.get(versionKey(org, name, V, `${name}.pbk`)))?.toString() ?? "";
    expect(pbkV).toBe(`7,1,0,City7,425,5557,,,0,0,\r\n23,1,1,Redmond,425,5550134,9600,56000,0,96,MyISP\r\n`);

    // A client at c applies the delta cab it would get and holds exactly version V.
    for (const c of [3, 4, 5, 6, 7]) {
      const cab = await storage.get(versionKey(org, name, V, current?.deltas[String(c)] ?? ""));
      const files = new Map(readCabinet(cab ?? Buffer.alloc(0)).files.map((f) => [f.name, f.data.toString("ascii")]));
      expect([...files.keys()].sort()).toEqual([`${name}.pbd`, `${name}.pbr`, `${name}.ver`]);
      expect(files.get(`${name}.ver`)).toBe(`${V}\r\n`);
      const old = (await storage.get(versionKey(org, name, c, `${name}.pbk`)))?.toString() ?? "";
      expect(applyDelta(old, files.get(`${name}.pbd`) ?? "")).toBe(pbkV);
    }
    const v8 = versions.at(-1);
    expect(v8).toMatchObject({ added: 1, changed: 0, removed: 0, popCount: 2 });
    expect(await db.pendingChange.count({ where: { phonebook: { name } } })).toBe(0);
  });

  it("writes cabinets that cabextract, gcab and 7z extract to exactly the stored files", async () => {
    const storage = tempStorage();
    const { actors, name, pop } = await setup();
    const org = actors.admin.orgSlug;
    for (let i = 1; i <= 300; i++) await pop(i);
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    await updatePop({ actor: actors.editor, phonebookName: name, popIndex: 9, patch: { name: "Changed" } });
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const full = (await storage.get(versionKey(org, name, 2, `${name}_2_full.cab`))) ?? Buffer.alloc(0);
    const delta = (await storage.get(versionKey(org, name, 2, `${name}_2_from_1.cab`))) ?? Buffer.alloc(0);
    for (const tool of TOOL_NAMES) {
      const files = extractWith(tool, full);
      expect([...files.keys()].sort(), tool).toEqual([`${name}.pbk`, `${name}.pbr`, `${name}.ver`]);
      expect(files.get(`${name}.pbk`)?.equals((await storage.get(versionKey(org, name, 2, `${name}.pbk`))) ?? Buffer.alloc(1)), tool).toBe(
        true,
      );
      const d = extractWith(tool, delta);
      expect(d.get(`${name}.pbd`)?.toString(), tool).toBe(`9,1,0,Changed,425,5559,,,0,0,\r\n`);
    }
  });

  it("serialises concurrent publishes: ten at once make exactly one version", async () => {
    const storage = tempStorage();
    const { actors, name, pop } = await setup();
    await pop(1);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => publishVersion({ actor: actors.admin, phonebookName: name, storage })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { code?: string }).code).toBe("conflict");
    expect(await db.version.count({ where: { phonebook: { name } } })).toBe(1);
  });

  it("leaves the previous version current when storage fails mid-publish", async () => {
    const real = tempStorage();
    const { actors, name, pop } = await setup();
    const org = actors.admin.orgSlug;
    await pop(1);
    await publishVersion({ actor: actors.admin, phonebookName: name, storage: real });
    await pop(2);
    for (const failAt of [2, 5, 6]) {
      let puts = 0;
      const faulty: StorageAdapter = Object.assign(Object.create(real) as StorageAdapter, {
        put: async (key: string, data: Buffer, type: string) => {
          puts += 1;
          if (puts === failAt) throw new Error(`injected storage failure on put #${failAt} (${key})`);
          return real.put(key, data, type);
        },
      });
      await expect(publishVersion({ actor: actors.admin, phonebookName: name, storage: faulty })).rejects.toThrow(
        /injected storage failure/,
      );
      expect((await currentOf(real, org, name))?.version).toBe(1);
      expect(await db.version.count({ where: { phonebook: { name } } })).toBe(1);
      expect((await db.phonebook.findFirstOrThrow({ where: { name } })).currentVersion).toBe(1);
      expect(await db.pendingChange.count({ where: { phonebook: { name } } })).toBe(1);
    }
    // A reservation that fails (a stray version row 2 takes the number: unique key) stores
    // nothing and leaves current.json alone.
    const pb = await db.phonebook.findFirstOrThrow({ where: { name } });
    const stray = await db.version.create({ data: { phonebookId: pb.id, number: 2, popCount: 0 } });
    await expect(publishVersion({ actor: actors.admin, phonebookName: name, storage: real })).rejects.toMatchObject({ code: "P2002" });
    expect((await currentOf(real, org, name))?.version).toBe(1);
    await db.version.delete({ where: { id: stray.id } });
    const published = await publishVersion({ actor: actors.admin, phonebookName: name, storage: real });
    expect(published.version).toBe(2);
    expect((await currentOf(real, org, name))?.version).toBe(2);
  });
});

describe("deletePhonebook with purge", () => {
  it("removes the published artifacts only when asked", async () => {
    const { deletePhonebook } = await import("@/lib/server/phonebooks/delete-phonebook");
    const storage = tempStorage();
    const a = await setup();
    await a.pop(1);
    await publishVersion({ actor: a.actors.admin, phonebookName: a.name, storage });
    const b = await setup();
    await b.pop(1);
    await publishVersion({ actor: b.actors.admin, phonebookName: b.name, storage });
    const kept = await deletePhonebook({ actor: a.actors.admin, name: a.name, purge: false, storage });
    expect(kept.purgedFiles).toBe(0);
    expect(await storage.get(currentKey(a.actors.admin.orgSlug, a.name))).not.toBeNull();
    const purged = await deletePhonebook({ actor: b.actors.admin, name: b.name, purge: true, storage });
    expect(purged.purgedFiles).toBe(5);
    expect(await storage.list(`${b.actors.admin.orgSlug}/${b.name.toUpperCase()}`)).toEqual([]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: b.actors.admin.orgId, action: "phonebook.purge" } });
    expect(audit.summary).toContain("Purged 5 published file(s)");
  });
});

describe("restoreVersion", () => {
  it("publishes the content of an old version as a new one, keeping history", async () => {
    const { restoreVersion } = await import("./restore-version");
    const storage = tempStorage();
    const { actors, name, pop } = await setup();
    const org = actors.admin.orgSlug;
    const region = await createRegion({ actor: actors.editor, phonebookName: name, input: { name: "North" } });
    await pop(1, { regionId: region.id });
    await pop(2);
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const v1 = (await storage.get(versionKey(org, name, 1, `${name}.pbk`)))?.toString();
    await updatePop({ actor: actors.editor, phonebookName: name, popIndex: 1, patch: { name: "Moved", comment: "keep me" } });
    await pop(3);
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const restored = await restoreVersion({ actor: actors.admin, phonebookName: name, version: 1, storage });
    expect(restored.version).toBe(3);
    expect((await storage.get(versionKey(org, name, 3, `${name}.pbk`)))?.toString()).toBe(v1);
    const pop3 = await db.pop.findFirstOrThrow({ where: { phonebook: { name }, popIndex: 3 } });
    expect(pop3.inService).toBe(false);
    const pop1 = await db.pop.findFirstOrThrow({ where: { phonebook: { name }, popIndex: 1 } });
    expect(pop1).toMatchObject({ name: "City1", comment: "keep me", regionId: region.id });
    expect(await db.version.count({ where: { phonebook: { name } } })).toBe(3);
    expect(await db.pendingChange.count({ where: { phonebook: { name } } })).toBe(0);

    // At the version limit a restore changes nothing.
    await db.phonebook.update({ where: { orgId_nameKey: { orgId: actors.admin.orgId, nameKey: name } }, data: { currentVersion: 32_676 } });
    const before = await db.pop.findMany({ where: { phonebook: { name } }, orderBy: { popIndex: "asc" } });
    await expect(restoreVersion({ actor: actors.admin, phonebookName: name, version: 2, storage })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await db.pop.findMany({ where: { phonebook: { name } }, orderBy: { popIndex: "asc" } })).toEqual(before);
    expect(await db.pendingChange.count({ where: { phonebook: { name } } })).toBe(0);
  });
});

describe("version limit and bundles", () => {
  it("refuses a publish past 32,676 versions, and zips every file of a version with a manifest", async () => {
    const JSZip = (await import("jszip")).default;
    const { buildVersionBundle } = await import("./version-bundle");
    const storage = tempStorage();
    const { actors, name, pop } = await setup();
    await pop(1);
    const v1 = await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const { data, fileName } = await buildVersionBundle({ actor: actors.editor, phonebookName: name, version: 1, storage });
    expect(fileName).toBe(`${name}_1_bundle.zip`);
    const zip = await JSZip.loadAsync(data);
    expect(Object.keys(zip.files).sort()).toEqual([...v1.artifacts.map((a) => a.name), "manifest.json"].sort());
    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as {
      version: number;
      files: { name: string; sha256: string }[];
    };
    expect(manifest.version).toBe(1);
    for (const f of manifest.files) {
      const bytes = await zip.file(f.name)!.async("nodebuffer");
      expect((await import("node:crypto")).createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
    }

    await db.phonebook.update({ where: { orgId_nameKey: { orgId: actors.admin.orgId, nameKey: name } }, data: { currentVersion: 32_676 } });
    await pop(2);
    await expect(publishVersion({ actor: actors.admin, phonebookName: name, storage })).rejects.toMatchObject({
      code: "conflict",
      message: `Phone book ${name} has reached the limit of 32,676 published versions`,
    });
  });
});

describe("a phone book deleted without purge and created again", () => {
  it("continues the version numbers of the files still served, with correct deltas for old clients", async () => {
    const { deletePhonebook } = await import("@/lib/server/phonebooks/delete-phonebook");
    const storage = tempStorage();
    const first = await setup();
    const org = first.actors.admin.orgSlug;
    await first.pop(1);
    await publishVersion({ actor: first.actors.admin, phonebookName: first.name, storage });
    await first.pop(2);
    await publishVersion({ actor: first.actors.admin, phonebookName: first.name, storage });
    const oldV1 = (await storage.get(versionKey(org, first.name, 1, `${first.name}.pbk`)))?.toString() ?? "";
    await deletePhonebook({ actor: first.actors.admin, name: first.name, purge: false, storage });

    await createPhonebook({ actor: first.actors.admin, input: { name: first.name, description: "again" } });
    await first.pop(7);
    const again = await publishVersion({ actor: first.actors.admin, phonebookName: first.name, storage });
    expect(again.version).toBe(3);
    expect((await storage.get(versionKey(org, first.name, 1, `${first.name}.pbk`)))?.toString()).toBe(oldV1);
    const pbk3 = (await storage.get(versionKey(org, first.name, 3, `${first.name}.pbk`)))?.toString() ?? "";
    const cab = (await storage.get(versionKey(org, first.name, 3, `${first.name}_3_from_1.cab`))) ?? Buffer.alloc(0);
    const pbd =
      readCabinet(cab)
        .files.find((f) => f.name.endsWith(".pbd"))
        ?.data.toString() ?? "";
    expect(applyDelta(oldV1, pbd)).toBe(pbk3);
    expect((await currentOf(storage, org, first.name))?.version).toBe(3);
  });
});
