import { describe, expect, it } from "vitest";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as exportRoute from "@/app/api/v1/phonebooks/[name]/export.csv/route";
import { db } from "@/lib/server/db";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
const csv = (from: number, to: number, extra = "") => {
  const lines = [HEADER];
  for (let i = from; i <= to; i++)
    lines.push(`${i},${i % 2 ? 1 : 44},${i % 3 ? "North" : ""},City ${i},425,555${i}${extra},9600,56000,0,MyISP,true,`);
  return `${lines.join("\r\n")}\r\n`;
};

async function setup() {
  const { actors } = await makeOrg(["admin", "editor", "viewer"]);
  const name = pbName();
  await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } });
  const post = (body: string, query = "") =>
    callRoute(imports.POST, {
      method: "POST",
      token: actors.editor.token,
      params: { name },
      rawBody: body,
      contentType: "text/csv",
      path: `/x${query}`,
    });
  const count = () => db.pop.count({ where: { phonebook: { name, orgId: actors.admin.orgId } } });
  return { actors, name, post, count };
}

describe("imports API", () => {
  it("imports, reports counts and new regions, and round-trips through export", async () => {
    const { actors, name, post, count } = await setup();
    const dry = await post(csv(1, 100), "?dryRun=true");
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, added: 100, updated: 0, deleted: 0, unchanged: 0, newRegions: ["North"] });
    expect(await count()).toBe(0);
    const real = await post(csv(1, 100), "?fileName=isp.csv");
    expect(real.json).toMatchObject({ dryRun: false, added: 100, newRegions: ["North"] });
    expect(await count()).toBe(100);
    const pop = await db.pop.findFirstOrThrow({ where: { phonebook: { name }, popIndex: 7 }, include: { region: true } });
    expect(pop).toMatchObject({ name: "City 7", countryCode: 1, accessNumber: "5557", region: { name: "North" } });

    const exported = await callRoute(exportRoute.GET, { token: actors.viewer.token, params: { name } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toContain("text/csv");
    const again = await post(exported.text);
    expect(again.json).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 100 });

    const replaced = await post(csv(1, 60), "?mode=replace");
    expect(replaced.json).toMatchObject({ added: 0, updated: 0, deleted: 40, unchanged: 60 });
    expect(await count()).toBe(60);
    const audit = await db.auditEvent.findMany({ where: { orgId: actors.admin.orgId, action: "pop.import" } });
    expect(audit).toHaveLength(3);
    expect(audit.map((a) => a.entityId)).toContain("isp.csv");
  });

  it("exports formula starts after ';', tab and '|' neutralised in quoted fields, and re-imports them unchanged", async () => {
    const { actors, name, post } = await setup();
    const created = await post(`${HEADER}\r\n7,1,Lyon;=1+1,Paris|@SUM(A1),425,5557,,,0,dial;-2,true,"note\t=HYPERLINK(1)"\r\n`);
    expect(created.json).toMatchObject({ added: 1, newRegions: ["Lyon;=1+1"] });
    const before = await db.pop.findMany({ where: { phonebook: { name, orgId: actors.admin.orgId } }, include: { region: true } });

    const exported = await callRoute(exportRoute.GET, { token: actors.viewer.token, params: { name } });
    expect(exported.status).toBe(200);
    expect(exported.text.split("\r\n")[1]).toBe(
      `"7","1","Lyon;'=1+1","Paris|'@SUM(A1)","425","5557","","","0","dial;'-2","true","note\t'=HYPERLINK(1)"`,
    );
    const again = await post(exported.text);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: 1, newRegions: [] });
    const after = await db.pop.findMany({ where: { phonebook: { name, orgId: actors.admin.orgId } }, include: { region: true } });
    expect(after).toEqual(before);
    expect(after[0]).toMatchObject({
      name: "Paris|@SUM(A1)",
      dialupEntry: "dial;-2",
      comment: "note\t=HYPERLINK(1)",
      region: { name: "Lyon;=1+1" },
    });
  });

  it("writes nothing when any row is bad, and names line, column and field", async () => {
    const { post, count } = await setup();
    const body = `${csv(1, 500)}501,1,,Last,425,CALL-NOW,,,,,,\r\n`;
    const res = await post(body);
    expect(res.status).toBe(422);
    const error = res.json.error as {
      code: string;
      message: string;
      details: { errors: { line: number; column: number; field: string; message: string }[]; total: number };
    };
    expect(error.code).toBe("validation_failed");
    expect(error.details.total).toBe(1);
    expect(error.details.errors[0]).toMatchObject({ line: 502, column: 6, field: "accessNumber" });
    expect(error.details.errors[0]?.message).toMatch(/Access number/);
    expect(await count()).toBe(0);

    const empty = await post("");
    expect(empty.status).toBe(422);
    expect(JSON.stringify(empty.json)).toMatch(/empty/i);
    const binary = await callRoute(imports.POST, {
      method: "POST",
      token: (await setup()).actors.editor.token,
      params: { name: "x" },
      rawBody: "a",
      path: "/x?mode=bogus",
    });
    expect(binary.status).toBe(400);
  });

  it("accepts 32,000 rows into a never-published phone book and refuses 32,001", async () => {
    const { post, count } = await setup();
    const over = await post(csv(1, 32_001));
    expect(over.status).toBe(413);
    expect((over.json.error as { message: string }).message).toContain("32,001");
    expect(await count()).toBe(0);
    const ok = await post(csv(1, 32_000));
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ added: 32_000 });
    expect(await count()).toBe(32_000);
  }, 120_000);

  it("limits a published phone book to 6,000 changes, pending included", async () => {
    const { actors, name, post, count } = await setup();
    await post(csv(1, 7_000));
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-import-")));
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const over = await post(csv(1, 6_001, "9"));
    expect(over.status).toBe(413);
    expect((over.json.error as { message: string }).message).toBe(
      "This import changes 6,001 POPs; a published phone book accepts at most 6,000 changes per version (0 pending). Publish first or split the file.",
    );
    const ok = await post(csv(1, 6_000, "9"));
    expect(ok.json).toMatchObject({ updated: 6_000, pendingAfter: 6_000 });
    // 6,000 pending now: one more change elsewhere is refused, the same indexes again are not new changes.
    const more = await post(csv(6_001, 6_001, "9"));
    expect(more.status).toBe(413);
    expect((more.json.error as { message: string }).message).toContain("(6,000 pending, 6,001 after this import)");
    const same = await post(csv(1, 10, "8"));
    expect(same.status).toBe(200);
    expect(await count()).toBe(7_000);
  }, 120_000);

  it("reads PBA's headerless POP input format with region positions", async () => {
    const { actors, name, post } = await setup();
    // New regions take positions in the order the file names them: Beta 1, Alpha 2.
    await post(`${HEADER}\r\n1,1,Beta,B,,111,,,,,,\r\n2,1,Alpha,A,,222,,,,,,\r\n`);
    const res = await post("3, 1, 2, Redmond, 425, 5550134, 9600, 56000, 0, 96, MyISP\r\n");
    expect(res.json).toMatchObject({ format: "pba", added: 1 });
    const pop = await db.pop.findFirstOrThrow({
      where: { phonebook: { name, orgId: actors.admin.orgId }, popIndex: 3 },
      include: { region: true },
    });
    expect(pop).toMatchObject({ flags: 96, dialupEntry: "MyISP", region: { name: "Alpha", position: 2 } });
    const bad = await post("4, 1, 9, X, , 1, , , 0, 0,\r\n");
    expect(bad.status).toBe(422);
  });

  it("keeps viewers out", async () => {
    const { actors, name } = await setup();
    const res = await callRoute(imports.POST, { method: "POST", token: actors.viewer.token, params: { name }, rawBody: csv(1, 1) });
    expect(res.status).toBe(403);
  });
});
