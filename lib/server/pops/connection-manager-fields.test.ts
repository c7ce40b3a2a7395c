import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as exportRoute from "@/app/api/v1/phonebooks/[name]/export.csv/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as pops from "@/app/api/v1/phonebooks/[name]/pops/route";
import * as pop from "@/app/api/v1/phonebooks/[name]/pops/[popIndex]/route";
import { readCabinet } from "@/lib/cab";
import { versionKey } from "@/lib/phonebook/artifact-names";
import { db } from "@/lib/server/db";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { previewPublish } from "@/lib/server/versions/preview-publish";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";

// What Connection Manager reads (docs/connection-manager.md): area codes of digits only and
// TAPI country/region IDs, through the API, the import, and the migration of stored values.

let actors: Awaited<ReturnType<typeof makeOrg>>["actors"];
let storage: FilesystemStorage;

const unknownMessage = (id: number) =>
  `Country/region ${id} is not a TAPI country/region ID: choose one from the list (for example 1 United States, 107 Canada, 44 United Kingdom, 49 Germany)`;

async function newPhonebook(): Promise<string> {
  const name = pbName();
  expect((await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } })).status).toBe(201);
  return name;
}

const post = (name: string, body: Record<string, unknown>) =>
  callRoute(pops.POST, { method: "POST", token: actors.editor.token, params: { name }, body });
const patch = (name: string, popIndex: number, body: Record<string, unknown>) =>
  callRoute(pop.PATCH, { method: "PATCH", token: actors.editor.token, params: { name, popIndex: String(popIndex) }, body });
const importCsv = (name: string, csv: string, query = "") =>
  callRoute(imports.POST, {
    method: "POST",
    token: actors.editor.token,
    params: { name },
    rawBody: csv,
    contentType: "text/csv",
    path: `/x${query}`,
  });
const fieldsOf = (json: Record<string, unknown>) =>
  (json.error as { details: { fields: { field: string; message: string }[] } }).details.fields;

// A POP as an earlier release stored it: any country ID, an area code with separators.
async function legacyPop(name: string, popIndex: number, countryCode: number, areaCode: string, inService = true) {
  const phonebook = await db.phonebook.findFirstOrThrow({ where: { name, org: { slug: actors.admin.orgSlug } } });
  await db.pop.create({
    data: { phonebookId: phonebook.id, popIndex, countryCode, areaCode, accessNumber: `555${popIndex}`, name: `Old${popIndex}`, inService },
  });
  return phonebook.id;
}

beforeAll(async () => {
  storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-cm-fields-")));
  setStorageForTests(storage);
  actors = (await makeOrg(["admin", "editor"])).actors;
});
afterAll(() => setStorageForTests(undefined));

describe("country/region: TAPI IDs", () => {
  it("stores Canada as 107 and refuses 9999, 999 and 800 with 400 naming the field, writing nothing", async () => {
    const name = await newPhonebook();
    const canada = await post(name, { popIndex: 1, countryCode: 107, accessNumber: "5550100" });
    expect(canada.status).toBe(201);
    expect(canada.json).toMatchObject({ popIndex: 1, countryCode: 107 });
    for (const id of [9999, 999, 800]) {
      const refused = await post(name, { popIndex: 2, countryCode: id, accessNumber: "5550100" });
      expect(refused.status, `ID ${id}`).toBe(400);
      expect(fieldsOf(refused.json)).toEqual([{ field: "countryCode", message: unknownMessage(id) }]);
    }
    expect(await db.pop.count({ where: { phonebook: { name } } })).toBe(1);
    const changed = await patch(name, 1, { countryCode: 800 });
    expect(changed.status).toBe(400);
    expect(fieldsOf(changed.json)).toEqual([{ field: "countryCode", message: unknownMessage(800) }]);
  });

  it("lets a POP keep a stored ID outside the list: edits that leave the country pass, a change to another unknown ID does not", async () => {
    const name = await newPhonebook();
    await legacyPop(name, 7, 9999, "425");
    expect((await patch(name, 7, { name: "Renamed" })).status).toBe(200);
    // The form sends every field, the unchanged country included.
    const whole = await patch(name, 7, { countryCode: 9999, name: "Again", accessNumber: "5550107" });
    expect(whole.status).toBe(200);
    expect(whole.json).toMatchObject({ countryCode: 9999, name: "Again" });
    expect((await patch(name, 7, { countryCode: 999 })).status).toBe(400);
    expect((await db.pop.findFirstOrThrow({ where: { phonebook: { name }, popIndex: 7 } })).countryCode).toBe(9999);
    // Once changed to a TAPI ID, the old number is gone for good.
    expect((await patch(name, 7, { countryCode: 49 })).status).toBe(200);
    expect((await patch(name, 7, { countryCode: 9999 })).status).toBe(400);
  });

  it("import: refuses new unknown IDs (422 with line and column) and accepts an export of POPs that hold one", async () => {
    const name = await newPhonebook();
    await legacyPop(name, 7, 9999, "425");
    const exported = await callRoute(exportRoute.GET, { token: actors.editor.token, params: { name } });
    expect(exported.status).toBe(200);
    const back = await importCsv(name, exported.text);
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    const refused = await importCsv(name, "popIndex,countryCode,accessNumber\n7,9999,5550107\n8,800,5550108\n9,107,5550109\n");
    expect(refused.status).toBe(422);
    expect((refused.json.error as { details: { errors: unknown[] } }).details.errors).toEqual([
      { line: 3, column: 2, field: "countryCode", message: unknownMessage(800) },
    ]);
    expect(await db.pop.count({ where: { phonebook: { name } } })).toBe(1);
  });
});

describe("area code: digits only", () => {
  it("API: accepts spaces and hyphens, stores and renders the digits", async () => {
    const name = await newPhonebook();
    const created = await post(name, { popIndex: 1, countryCode: 1, areaCode: "206-555", accessNumber: "5550100" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ areaCode: "206555" });
    expect((await patch(name, 1, { areaCode: " 0 30 " })).json).toMatchObject({ areaCode: "030" });
    const tooLong = await patch(name, 1, { areaCode: "123-456-789-01" });
    expect(fieldsOf(tooLong.json)).toEqual([{ field: "areaCode", message: "Area code may be at most 10 digits (got 11)" }]);
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const pbk = (await storage.get(versionKey(actors.admin.orgSlug, name, 1, `${name}.pbk`)))?.toString("ascii");
    expect(pbk).toBe("1,1,0,,030,5550100,,,0,0,\r\n");
  });

  it("import: stores the digits and answers each normalisation as a warning with line and column", async () => {
    const name = await newPhonebook();
    const answer = await importCsv(
      name,
      "popIndex,countryCode,areaCode,accessNumber\n1,1,206-555,5550101\n2,49,030,5550102\n3,44,0 20,5550103\n",
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ added: 3, totalWarnings: 2 });
    expect(answer.json.warnings).toEqual([
      {
        line: 2,
        column: 3,
        field: "areaCode",
        message: 'area code "206-555" is stored as "206555": Connection Manager reads an area code of digits only',
      },
      {
        line: 4,
        column: 3,
        field: "areaCode",
        message: 'area code "0 20" is stored as "020": Connection Manager reads an area code of digits only',
      },
    ]);
    const rows = await db.pop.findMany({ where: { phonebook: { name } }, orderBy: { popIndex: "asc" }, select: { areaCode: true } });
    expect(rows.map((r) => r.areaCode)).toEqual(["206555", "030", "020"]);
  });

  it("the migration normalises stored values, and what changes in published books becomes pending changes", async () => {
    // Published with legacy values: 1 and 2 in service, 3 out of service, 4 already digits.
    const name = await newPhonebook();
    const phonebookId = await legacyPop(name, 1, 1, "206-555");
    await legacyPop(name, 2, 44, "0 20");
    await legacyPop(name, 3, 49, "0-30", false);
    await legacyPop(name, 4, 49, "030");
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const v1 = (await storage.get(versionKey(actors.admin.orgSlug, name, 1, `${name}.pbk`)))?.toString("ascii") ?? "";
    expect(v1).toContain("1,1,0,Old1,206-555,");
    // A never-published phone book with a legacy value: normalised, nothing pending to count.
    const draft = await newPhonebook();
    const draftId = await legacyPop(draft, 1, 1, "425-1");
    expect(await db.pendingChange.count({ where: { phonebookId: { in: [phonebookId, draftId] } } })).toBe(0);

    const sql = readFileSync(path.join(process.cwd(), "prisma/migrations/20261202300000_area_code_digits/migration.sql"), "utf8");
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }

    const areaCodes = await db.pop.findMany({ where: { phonebookId }, orderBy: { popIndex: "asc" }, select: { areaCode: true } });
    expect(areaCodes.map((r) => r.areaCode)).toEqual(["206555", "020", "030", "030"]);
    expect((await db.pop.findFirstOrThrow({ where: { phonebookId: draftId } })).areaCode).toBe("4251");
    const pending = await db.pendingChange.findMany({ where: { phonebookId }, orderBy: { popIndex: "asc" }, select: { popIndex: true } });
    expect(pending.map((p) => p.popIndex)).toEqual([1, 2]);
    expect(await db.pendingChange.count({ where: { phonebookId: draftId } })).toBe(0);
    const list = await callRoute(phonebooks.GET, { token: actors.admin.token });
    const row = (list.json.phonebooks as { name: string; pendingChanges: number }[]).find((p) => p.name === name);
    expect(row?.pendingChanges).toBe(2);

    // They are real changes: the preview counts them and the next delta carries exactly those lines.
    const preview = await previewPublish({ actor: actors.admin, phonebookName: name, storage });
    expect(preview).toMatchObject({ pendingChanges: 2, counts: { added: 0, changed: 2, removed: 0 }, hasChanges: true });
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const cab = await storage.get(versionKey(actors.admin.orgSlug, name, 2, `${name}_2_from_1.cab`));
    const pbd = readCabinet(cab ?? Buffer.alloc(0)).files.find((f) => f.name.endsWith(".pbd"));
    expect(pbd?.data.toString("ascii")).toBe("1,1,0,Old1,206555,5551,,,0,0,\r\n2,44,0,Old2,020,5552,,,0,0,\r\n");
    expect(await db.pendingChange.count({ where: { phonebookId } })).toBe(0);
  });
});
