import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import * as adoptRoute from "@/app/api/v1/phonebooks/[name]/adopt/route";
import * as versionsRoute from "@/app/api/v1/phonebooks/[name]/versions/route";
import * as orgRoute from "@/app/o/[org]/pbserver/pbserver.dll/route";
import { MAX_ADOPTION_BYTES } from "@/lib/adopt";
import { legacyPhoneBook } from "@/lib/adopt/legacy-fixture";
import { writeCabinetAsync } from "@/lib/cab";
import { extractWith, TOOL_NAMES } from "@/lib/cab/test-tools";
import { currentKey, phonebookPrefix, versionKey, ZCurrentJson } from "@/lib/phonebook/artifact-names";
import { applyDelta } from "@/lib/phonebook/delta";
import { db } from "@/lib/server/db";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { updatePop } from "@/lib/server/pops/update-pop";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { reconcilePublishes } from "@/lib/server/versions/reconcile-publishes";
import { restoreVersion } from "@/lib/server/versions/restore-version";
import { renderCurrent } from "@/lib/server/versions/render-current";
import { callRoute } from "@/lib/test/api";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { adoptPhonebook } from "./adopt-phonebook";

afterAll(() => setStorageForTests(undefined));

const tempStorage = () => new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-adopt-")));
const CAB = "application/vnd.ms-cab-compressed";
const bytesOf = (b: Uint8Array | Buffer) => new Uint8Array(b);
const latin1 = (b: Uint8Array | Buffer | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString("latin1");

/** A Full cab as PBA posts it, entry names in PBA's own letter case. */
async function legacyCab(book: ReturnType<typeof legacyPhoneBook>, withVer = true): Promise<Uint8Array<ArrayBuffer>> {
  const cab = await writeCabinetAsync([
    { name: "LEGACY.PBK", data: Buffer.from(book.pbk) },
    { name: "Legacy.pbr", data: Buffer.from(book.pbr) },
    ...(withVer ? [{ name: "LEGACY.VER", data: Buffer.from(book.ver) }] : []),
  ]);
  return new Uint8Array(cab);
}

/** The .pbk our writer renders from the legacy lines: 10 commas, area codes digits only. */
function normalised(lines: string[]): string {
  return lines
    .map((line) => {
      const f = line.split(",").slice(0, 11);
      f[4] = (f[4] ?? "").replace(/[^0-9]/g, "");
      return `${f.join(",")}\r\n`;
    })
    .join("");
}

async function setup(storage: StorageAdapter) {
  setStorageForTests(storage);
  const { org, actors } = await makeOrg(["admin", "editor", "viewer"]);
  const name = pbName();
  await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
  const pb = await db.phonebook.findFirstOrThrow({ where: { orgId: org.id, name } });
  const adopt = (body: Uint8Array<ArrayBuffer> | FormData, query = "", contentType?: string, token = actors.admin.token) =>
    callRoute(adoptRoute.POST, {
      method: "POST",
      token,
      params: { name },
      path: `/x${query}`,
      rawBody: body,
      ...(contentType ? { contentType } : {}),
    });
  const pbs = async (pbver: number) => {
    const request = new Request(`http://localhost/o/${org.slug}/pbserver/pbserver.dll?osarch=0&osver=1&pbver=${pbver}&pb=${name}`);
    const response = await orgRoute.GET(request, { params: Promise.resolve({ org: org.slug }) });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  };
  const stored = async (version: number, file: string) => storage.get(versionKey(org.slug, name, version, file));
  const current = async () => ZCurrentJson.parse(JSON.parse((await storage.get(currentKey(org.slug, name)))?.toString() ?? "{}"));
  /** Everything adoption could write: rows of the phone book and org, objects in storage. */
  const footprint = async () => ({
    pops: await db.pop.count({ where: { phonebookId: pb.id } }),
    regions: await db.region.count({ where: { phonebookId: pb.id } }),
    versions: await db.version.count({ where: { phonebookId: pb.id } }),
    artifacts: await db.artifact.count({ where: { version: { phonebookId: pb.id } } }),
    pending: await db.pendingChange.count({ where: { phonebookId: pb.id } }),
    audit: await db.auditEvent.count({ where: { orgId: org.id } }),
    currentVersion: (await db.phonebook.findUniqueOrThrow({ where: { id: pb.id } })).currentVersion,
    objects: (await storage.list(phonebookPrefix(org.slug, name))).length,
  });
  return { org, actors, name, pb, adopt, pbs, stored, current, footprint };
}

describe("POST /phonebooks/:pb/adopt", () => {
  it("adopts a 20,000-POP legacy phone book at version 37: 204 at 37, the Full cab below, a delta from 37 after an edit", async () => {
    const storage = tempStorage();
    const { org, actors, name, pb, adopt, pbs, stored, current, footprint } = await setup(storage);
    const book = legacyPhoneBook(20_000, { version: 37 });
    expect(book.regions).not.toEqual([...book.regions].sort());
    expect(book.trailingComma.size + book.trailingText.size).toBeGreaterThan(0);
    expect(book.hyphenated.size).toBeGreaterThan(0);
    const cab = await legacyCab(book);

    // Dry run: the same answer, nothing written (rows and storage objects counted).
    const before = await footprint();
    const dry = await adopt(cab, "?dryRun=true", CAB);
    expect(dry.status, dry.text).toBe(200);
    expect(await footprint()).toEqual(before);

    const res = await adopt(cab, "", CAB);
    expect(res.status, res.text).toBe(201);
    const regions = book.regions.map((n, i) => ({ position: i + 1, name: n }));
    expect(res.json).toMatchObject({
      version: 37,
      pops: 20_000,
      regions,
      files: { pbk: "LEGACY.PBK", pbr: "Legacy.pbr", ver: "LEGACY.VER" },
      dryRun: false,
    });
    expect({ ...dry.json, dryRun: false }).toEqual(res.json);
    const warnings = res.json.warnings as { file: string; line: number; message: string }[];
    const hyphenLine = [...book.hyphenated][0] as number;
    expect(warnings.some((w) => w.file === "LEGACY.PBK" && w.line === hyphenLine)).toBe(true);
    expect(warnings.some((w) => w.file === "LEGACY.PBK" && w.line === ([...book.trailingComma][0] as number))).toBe(true);

    // The database: every POP with every field (rendered), regions at their .pbr positions,
    // version 37 adopted, no pending change, audited.
    const rendered = await renderCurrent(db, pb.id);
    expect(rendered.pbk).toBe(normalised(book.lines));
    expect(rendered.pbr).toBe(latin1(book.pbr));
    const dbRegions = await db.region.findMany({ where: { phonebookId: pb.id }, orderBy: { position: "asc" } });
    expect(dbRegions.map((r) => ({ position: r.position, name: r.name }))).toEqual(regions);
    const after = await footprint();
    expect(after).toMatchObject({ pops: 20_000, regions: book.regions.length, versions: 1, artifacts: 4, pending: 0, currentVersion: 37 });
    const version = await db.version.findFirstOrThrow({ where: { phonebookId: pb.id } });
    expect(version).toMatchObject({
      number: 37,
      state: "active",
      origin: "adopted",
      sourceFiles: ["LEGACY.PBK", "Legacy.pbr", "LEGACY.VER"],
      createdById: actors.admin.userId,
      popCount: 20_000,
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "version.adopt" } });
    expect(audit).toMatchObject({ actorId: actors.admin.userId, phonebookId: pb.id, entityId: "37" });
    expect(audit.summary).toContain("LEGACY.PBK, Legacy.pbr, LEGACY.VER");

    // The Versions API shows the adopted version and its files.
    const listed = await callRoute(versionsRoute.GET, { token: actors.viewer.token, params: { name } });
    expect(listed.json.versions).toMatchObject([
      { version: 37, origin: "adopted", sourceFiles: ["LEGACY.PBK", "Legacy.pbr", "LEGACY.VER"] },
    ]);

    // Storage: the uploaded .pbk and .pbr byte for byte, our .ver, our Full cab; current.json names them.
    expect((await stored(37, `${name}.pbk`))?.equals(Buffer.from(book.pbk))).toBe(true);
    expect((await stored(37, `${name}.pbr`))?.equals(Buffer.from(book.pbr))).toBe(true);
    expect((await stored(37, `${name}.ver`))?.toString()).toBe("37\r\n");
    const full = (await stored(37, `${name}_37_full.cab`)) ?? Buffer.alloc(0);
    for (const tool of TOOL_NAMES) {
      const files = extractWith(tool, full);
      expect([...files.keys()].sort(), tool).toEqual([`${name}.pbk`, `${name}.pbr`, `${name}.ver`]);
      expect(files.get(`${name}.pbk`)?.equals(Buffer.from(book.pbk)), tool).toBe(true);
      expect(files.get(`${name}.pbr`)?.equals(Buffer.from(book.pbr)), tool).toBe(true);
    }
    expect(await current()).toMatchObject({ version: 37, full: `${name}_37_full.cab`, deltas: {} });

    // PBS: at 37 and above no update; below, the Full cab (no deltas below 37).
    expect((await pbs(37)).status).toBe(204);
    expect((await pbs(40)).status).toBe(204);
    for (const v of [0, 12, 36]) {
      const got = await pbs(v);
      expect(got.status, `pbver=${v}`).toBe(200);
      expect(got.body.equals(full), `pbver=${v}`).toBe(true);
    }

    // Adopting again → 409, nothing written.
    const again = await adopt(cab, "", CAB);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "conflict" });
    expect(await footprint()).toEqual(after);

    // An edit, a publish: version 38 with a delta from 37 only, computed against the adopted .pbk.
    const popIndex = Number(book.lines[100]?.split(",")[0]);
    await updatePop({ actor: actors.editor, phonebookName: name, popIndex, patch: { accessNumber: "5550199" } });
    const v38 = await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    expect(v38.version).toBe(38);
    expect(v38.artifacts.map((a) => a.name).sort()).toEqual(
      [`${name}.pbk`, `${name}.pbr`, `${name}.ver`, `${name}_38_full.cab`, `${name}_38_from_37.cab`].sort(),
    );
    expect(Object.keys((await current()).deltas)).toEqual(["37"]);
    const pbk38 = latin1(await stored(38, `${name}.pbk`));
    expect(pbk38).toBe((await renderCurrent(db, pb.id)).pbk);
    const delta = await pbs(37);
    expect(delta.status).toBe(200);
    expect(delta.body.equals((await stored(38, `${name}_38_from_37.cab`)) ?? Buffer.alloc(0))).toBe(true);
    // A client at 37 holds the legacy files: it applies the .pbd, replaces its .pbr, and holds version 38 exactly.
    for (const tool of TOOL_NAMES) {
      const files = extractWith(tool, delta.body);
      expect([...files.keys()].sort(), tool).toEqual([`${name}.pbd`, `${name}.pbr`, `${name}.ver`]);
      expect(applyDelta(latin1(book.pbk), latin1(files.get(`${name}.pbd`))), tool).toBe(pbk38);
      expect(files.get(`${name}.pbr`)?.equals((await stored(38, `${name}.pbr`)) ?? Buffer.alloc(1)), tool).toBe(true);
      expect(files.get(`${name}.ver`)?.toString(), tool).toBe("38\r\n");
    }
    for (const v of [0, 12, 36])
      expect((await pbs(v)).body.equals((await stored(38, `${name}_38_full.cab`)) ?? Buffer.alloc(0))).toBe(true);
    expect((await pbs(38)).status).toBe(204);
  }, 300_000);

  it("later publishes keep deltas from the last five versions held, never below the adopted one", async () => {
    const storage = tempStorage();
    const { actors, name, adopt, current, stored } = await setup(storage);
    const book = legacyPhoneBook(60, { version: 5, regionCount: 4 });
    expect((await adopt(await legacyCab(book), "", CAB)).status).toBe(201);
    const seen: Record<number, string[]> = {};
    for (let v = 6; v <= 12; v++) {
      const popIndex = Number(book.lines[v]?.split(",")[0]);
      await updatePop({ actor: actors.editor, phonebookName: name, popIndex, patch: { accessNumber: `55501${v}` } });
      expect((await publishVersion({ actor: actors.admin, phonebookName: name, storage })).version).toBe(v);
      seen[v] = Object.keys((await current()).deltas);
    }
    expect(seen).toEqual({
      6: ["5"],
      7: ["5", "6"],
      8: ["5", "6", "7"],
      9: ["5", "6", "7", "8"],
      10: ["5", "6", "7", "8", "9"],
      11: ["6", "7", "8", "9", "10"],
      12: ["7", "8", "9", "10", "11"],
    });
    // Every delta from the adopted version brings the legacy files to that version.
    for (let v = 6; v <= 10; v++) {
      const cab = (await stored(v, `${name}_${v}_from_5.cab`)) ?? Buffer.alloc(0);
      const pbd = latin1(extractWith("cabextract", cab).get(`${name}.pbd`));
      expect(applyDelta(latin1(book.pbk), pbd)).toBe(latin1(await stored(v, `${name}.pbk`)));
    }
    // The adopted version can be restored like any other: the legacy POPs, as our writer renders them.
    expect((await restoreVersion({ actor: actors.admin, phonebookName: name, version: 5, storage })).version).toBe(13);
    expect(latin1(await stored(13, `${name}.pbk`))).toBe(normalised(book.lines));
    expect(latin1(await stored(13, `${name}.pbr`))).toBe(latin1(book.pbr));
  }, 120_000);

  it("takes a zip, multipart files and version=N; refuses bad input with file, line and reason, writing nothing", async () => {
    const storage = tempStorage();
    const { actors, adopt, footprint } = await setup(storage);
    const book = legacyPhoneBook(30, { version: 9, regionCount: 3 });
    const nothing = await footprint();

    // Version: none, or .ver and query disagree → 400.
    const noVer = await adopt(await legacyCab(book, false), "?dryRun=true", CAB);
    expect(noVer.status).toBe(400);
    expect(noVer.json.error).toMatchObject({ code: "bad_request", details: { errors: [{ file: ".ver", line: null }], total: 1 } });
    const disagree = await adopt(await legacyCab(book), "?version=10", CAB);
    expect(disagree.status).toBe(400);
    expect((disagree.json.error as { message: string }).message).toMatch(/LEGACY\.VER line 1: .*version 9.*version=10/);
    // Not a cab or zip → 400.
    const text = await adopt(bytesOf(Buffer.from("hello")), "", CAB);
    expect(text.status).toBe(400);
    expect((text.json.error as { message: string }).message).toMatch(/not a cabinet or zip/);
    // A line a client would reject, a duplicate index → 422 naming file and line.
    const badLines = [...book.lines];
    badLines[4] = "7,1,1,Only,three";
    badLines[6] = badLines[5] ?? "";
    const zip = new JSZip();
    zip.file("old/legacy.pbk", badLines.map((l) => `${l}\r\n`).join(""));
    zip.file("old/legacy.pbr", Buffer.from(book.pbr));
    const bad = await adopt(bytesOf(await zip.generateAsync({ type: "nodebuffer" })), "?version=9", "application/zip");
    expect(bad.status).toBe(422);
    const details = (bad.json.error as { details: { errors: { file: string; line: number }[]; total: number } }).details;
    expect(details.errors.map((e) => [e.file, e.line])).toEqual([
      ["old/legacy.pbk", 5],
      ["old/legacy.pbk", 7],
    ]);
    // A body over the cap → 413, read no further.
    const huge = await adopt(new Uint8Array(MAX_ADOPTION_BYTES + 128 * 1024), "", CAB);
    expect(huge.status).toBe(413);
    expect(huge.json.error).toMatchObject({ code: "too_large" });
    // An editor may not adopt.
    expect((await adopt(await legacyCab(book), "", CAB, actors.editor.token)).status).toBe(403);
    expect(await footprint()).toEqual(nothing);

    // Multipart files with version=N: adopted.
    const form = new FormData();
    form.append("pbk", new Blob([Buffer.from(book.pbk)]), "x.PBK");
    form.append("pbr", new Blob([Buffer.from(book.pbr)]), "x.pbr");
    const ok = await adopt(form, "?version=9");
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json).toMatchObject({ version: 9, pops: 30, files: { pbk: "x.PBK", pbr: "x.pbr", ver: null } });
    expect(await footprint()).toMatchObject({ pops: 30, versions: 1, artifacts: 4, currentVersion: 9, objects: 5 });
  }, 60_000);

  it("refuses a phone book that holds POPs or was published (409)", async () => {
    const storage = tempStorage();
    const { actors, name, adopt } = await setup(storage);
    const book = legacyPhoneBook(10, { version: 3, regionCount: 2 });
    await addPop(actors.editor, name, 1);
    const held = await adopt(await legacyCab(book), "?dryRun=true", CAB);
    expect(held.status).toBe(409);
    expect((held.json.error as { message: string }).message).toMatch(/holds 1 POP/);
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    await db.pop.deleteMany({ where: { phonebook: { name, orgId: actors.admin.orgId } } });
    const published = await adopt(await legacyCab(book), "", CAB);
    expect(published.status).toBe(409);
    expect((published.json.error as { message: string }).message).toMatch(/already published \(version 1\)/);
  });

  it("rolls back a failed adoption; an interrupted one is finished by reconcile from its stored files", async () => {
    const real = tempStorage();
    const { actors, name, pb, footprint, current } = await setup(real);
    const book = legacyPhoneBook(50, { version: 20, regionCount: 3 });
    const upload = { contentType: CAB, bytes: await legacyCab(book) };
    const nothing = await footprint();

    // current.json cannot be written: rolled back, nothing stays.
    const failing: StorageAdapter = Object.assign(Object.create(real) as StorageAdapter, {
      put: (key: string, data: Buffer, type: string) =>
        key.endsWith("current.json") ? Promise.reject(new Error("storage down")) : real.put(key, data, type),
    });
    await expect(
      adoptPhonebook({ actor: actors.admin, phonebookName: name, upload, versionParam: null, dryRun: false, storage: failing }),
    ).rejects.toThrow(/storage down/);
    expect(await footprint()).toEqual(nothing);

    // A "crash" after current.json: activation fails and so does the roll-back (storage
    // listing down); once the lease expires, reconcile finishes the adoption from the stored files.
    const crashing: StorageAdapter = Object.assign(Object.create(real) as StorageAdapter, {
      list: () => Promise.reject(new Error("listing down")),
    });
    await expect(
      adoptPhonebook({
        actor: actors.admin,
        phonebookName: name,
        upload,
        versionParam: null,
        dryRun: false,
        storage: Object.assign(Object.create(crashing) as StorageAdapter, {
          put: (key: string, data: Buffer, type: string) =>
            key.endsWith("current.json")
              ? real.put(key, data, type).then(() => Promise.reject(new Error("crashed")))
              : real.put(key, data, type),
        }),
        leaseMs: 300,
      }),
    ).rejects.toThrow(/crashed/);
    expect(await db.version.findFirst({ where: { phonebookId: pb.id } })).toMatchObject({ state: "building", origin: "adopted" });
    expect(await db.pop.count({ where: { phonebookId: pb.id } })).toBe(0);
    await new Promise((r) => setTimeout(r, 400));
    const result = await reconcilePublishes({ storage: real, phonebookId: pb.id, log: () => undefined });
    expect(result.finished).toHaveLength(1);
    expect((await renderCurrent(db, pb.id)).pbk).toBe(normalised(book.lines));
    expect(await footprint()).toMatchObject({ pops: 50, regions: 3, versions: 1, artifacts: 4, pending: 0, currentVersion: 20 });
    expect(await current()).toMatchObject({ version: 20 });
    expect(await db.version.findFirstOrThrow({ where: { phonebookId: pb.id } })).toMatchObject({ state: "active", origin: "adopted" });
  }, 60_000);
});
