import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as regionsRoute from "@/app/api/v1/phonebooks/[name]/regions/route";
import { extractWith, TOOL_NAMES } from "@/lib/cab/test-tools";
import { currentKey, versionKey, ZCurrentJson } from "@/lib/phonebook/artifact-names";
import { applyDelta } from "@/lib/phonebook/delta";
import { db } from "@/lib/server/db";
import { runImport } from "@/lib/server/imports/run-import";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { restoreVersion } from "@/lib/server/versions/restore-version";
import { callRoute } from "@/lib/test/api";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { seedPops } from "@/lib/test/seed-pops";
import { deleteRegion } from "./delete-region";
import { listRegions } from "./list-regions";
import { createRegion, renameRegion } from "./save-region";

describe("stable region positions on a published 8,000-POP phone book", () => {
  it("adding, renaming and deleting regions moves no other POP line; the delta holds only the .pbr", async () => {
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-positions-")));
    const { actors } = await makeOrg(["admin"]);
    const actor = actors.admin;
    const name = pbName();
    const org = actor.orgSlug;
    await createPhonebook({ actor, input: { name, description: "" } });
    const pb = await db.phonebook.findFirstOrThrow({ where: { orgId: actor.orgId, name } });
    const mitte = await createRegion({ actor, phonebookName: name, input: { name: "Mitte" } });
    const zulu = await createRegion({ actor, phonebookName: name, input: { name: "Zulu" } });
    expect([mitte.position, zulu.position]).toEqual([1, 2]);
    await seedPops(pb.id, 8_000, [mitte.id, zulu.id]);
    await publishVersion({ actor, phonebookName: name, storage });
    const stored = async (version: number, file: string) => (await storage.get(versionKey(org, name, version, file))) ?? Buffer.alloc(0);
    const pending = () => db.pendingChange.count({ where: { phonebookId: pb.id } });
    const pbk1 = await stored(1, `${name}.pbk`);

    // "Aachen" sorts first but takes position 3: through the API, 201, nothing pending.
    const added = await callRoute(regionsRoute.POST, { method: "POST", token: actor.token, params: { name }, body: { name: "Aachen" } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ name: "Aachen", position: 3 });
    expect(await pending()).toBe(0);
    const v2 = await publishVersion({ actor, phonebookName: name, storage });
    expect(v2).toMatchObject({ version: 2, counts: { added: 0, changed: 0, removed: 0 } });
    expect((await stored(2, `${name}.pbk`)).equals(pbk1)).toBe(true);
    const current = ZCurrentJson.parse(JSON.parse((await storage.get(currentKey(org, name)))?.toString() ?? "{}"));
    const delta = await stored(2, current.deltas["1"] ?? "");
    for (const tool of TOOL_NAMES) {
      const files = extractWith(tool, delta);
      expect([...files.keys()].sort(), tool).toEqual([`${name}.pbd`, `${name}.pbr`, `${name}.ver`]);
      expect(files.get(`${name}.pbd`)?.length, tool).toBe(0);
      expect(files.get(`${name}.pbr`)?.toString("ascii"), tool).toBe("3\r\nMitte\r\nZulu\r\nAachen\r\n");
      expect(files.get(`${name}.ver`)?.toString("ascii"), tool).toBe("2\r\n");
    }

    // A rename that changes the name order: still nothing pending, only the .pbr changes.
    await renameRegion({ actor, phonebookName: name, regionId: zulu.id, input: { name: "Aaa" } });
    expect(await pending()).toBe(0);
    expect((await publishVersion({ actor, phonebookName: name, storage })).counts).toEqual({ added: 0, changed: 0, removed: 0 });
    expect((await stored(3, `${name}.pbr`)).toString()).toBe("3\r\nMitte\r\nAaa\r\nAachen\r\n");

    // Deleting Mitte: exactly its in-service POPs change (to "all regions"); its position is
    // written as the placeholder and Aaa/Aachen keep 2 and 3.
    const mittePops = await db.pop.count({ where: { regionId: mitte.id, inService: true } });
    expect(mittePops).toBeGreaterThan(3_000);
    await deleteRegion({ actor, phonebookName: name, regionId: mitte.id });
    expect(await pending()).toBe(mittePops);
    const v4 = await publishVersion({ actor, phonebookName: name, storage });
    expect(v4.counts).toEqual({ added: 0, changed: mittePops, removed: 0 });
    expect((await stored(4, `${name}.pbr`)).toString()).toBe("3\r\n(unused)\r\nAaa\r\nAachen\r\n");
    const pbk4 = (await stored(4, `${name}.pbk`)).toString();
    const regionOf = (pbk: string) =>
      new Map(
        pbk
          .split("\r\n")
          .filter(Boolean)
          .map((l) => [l.split(",")[0], l.split(",")[2]]),
      );
    const before = regionOf(pbk1.toString());
    const after = regionOf(pbk4);
    for (const [index, pos] of before) expect(after.get(index), `POP ${index}`).toBe(pos === "1" ? "0" : pos);
    // A client at 1 that applies the delta from 1 holds exactly version 4's .pbk.
    const current4 = ZCurrentJson.parse(JSON.parse((await storage.get(currentKey(org, name)))?.toString() ?? "{}"));
    const files = extractWith("cabextract", await stored(4, current4.deltas["1"] ?? ""));
    expect(applyDelta(pbk1.toString(), files.get(`${name}.pbd`)?.toString() ?? "")).toBe(pbk4);

    // The next new region takes the freed position 1; the Regions list is by name.
    const neu = await createRegion({ actor, phonebookName: name, input: { name: "Neu" } });
    expect(neu.position).toBe(1);
    expect(await pending()).toBe(0);
    expect((await listRegions({ actor, phonebookName: name })).map((r) => [r.name, r.position])).toEqual([
      ["Aaa", 2],
      ["Aachen", 3],
      ["Neu", 1],
    ]);

    // PBA's headerless format refers to these positions (trailing comma, empty reserved field).
    const pba = "9001,1,3,Aachen Hbf,241,5550100,,,,0,MyISP,\r\n9002,1,1,Neu,30,5550101,,,0,0,,\r\n";
    const result = await runImport({ actor, phonebookName: name, data: Buffer.from(pba), mode: "merge", dryRun: false });
    expect(result).toMatchObject({ format: "pba", added: 2, newRegions: [] });
    const imported = await db.pop.findMany({
      where: { phonebookId: pb.id, popIndex: { in: [9001, 9002] } },
      select: { popIndex: true, region: { select: { name: true } } },
      orderBy: { popIndex: "asc" },
    });
    expect(imported.map((p) => [p.popIndex, p.region?.name])).toEqual([
      [9001, "Aachen"],
      [9002, "Neu"],
    ]);
    expect(await pending()).toBe(2);
    await expect(
      runImport({ actor, phonebookName: name, data: Buffer.from("9003,1,4,X,,555,,,0,0,\r\n"), mode: "merge", dryRun: true }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  }, 120_000);

  it("restoring a version re-creates a missing region at its old position, or the lowest free one", async () => {
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-positions-")));
    const { actors } = await makeOrg(["admin"]);
    const actor = actors.admin;
    const name = pbName();
    await createPhonebook({ actor, input: { name, description: "" } });
    const a = await createRegion({ actor, phonebookName: name, input: { name: "A" } });
    const b = await createRegion({ actor, phonebookName: name, input: { name: "B" } });
    await addPop(actor, name, 1, { regionId: b.id });
    await addPop(actor, name, 2, { regionId: a.id });
    await publishVersion({ actor, phonebookName: name, storage });
    await deleteRegion({ actor, phonebookName: name, regionId: b.id });
    await createRegion({ actor, phonebookName: name, input: { name: "C" } }); // takes B's position 2
    await publishVersion({ actor, phonebookName: name, storage });
    const v3 = await restoreVersion({ actor, phonebookName: name, version: 1, storage });
    expect(v3.counts).toEqual({ added: 0, changed: 1, removed: 0 });
    const text = async (file: string) => (await storage.get(versionKey(actor.orgSlug, name, 3, file)))?.toString();
    expect(await text(`${name}.pbr`)).toBe("3\r\nA\r\nC\r\nB\r\n");
    expect(await text(`${name}.pbk`)).toBe("1,1,3,City1,425,5551,,,0,0,\r\n2,1,1,City2,425,5552,,,0,0,\r\n");
  });
});
