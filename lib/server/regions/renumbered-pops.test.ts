import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { createPop } from "@/lib/server/pops/create-pop";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { deleteRegion } from "./delete-region";
import { createRegion, renameRegion } from "./save-region";

describe("region changes that renumber the .pbr", () => {
  it("make the POPs of shifted regions pending, exactly those a publish then changes", async () => {
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-renumber-")));
    const { actors } = await makeOrg(["admin"]);
    const actor = actors.admin;
    const name = pbName();
    await createPhonebook({ actor, input: { name, description: "" } });
    const middle = await createRegion({ actor, phonebookName: name, input: { name: "Middle" } });
    const zulu = await createRegion({ actor, phonebookName: name, input: { name: "Zulu" } });
    const base = { countryCode: 1, name: "", areaCode: "", minSpeed: null, maxSpeed: null, flags: 0, dialupEntry: "", comment: "" };
    for (let i = 1; i <= 5; i++)
      await createPop({
        actor,
        phonebookName: name,
        input: { ...base, popIndex: i, accessNumber: String(i), regionId: middle.id, inService: true },
      });
    await createPop({ actor, phonebookName: name, input: { ...base, popIndex: 6, accessNumber: "6", regionId: zulu.id, inService: true } });
    await createPop({
      actor,
      phonebookName: name,
      input: { ...base, popIndex: 7, accessNumber: "7", regionId: middle.id, inService: false },
    });
    await publishVersion({ actor, phonebookName: name, storage });
    const pending = () => db.pendingChange.count({ where: { phonebook: { name, orgId: actor.orgId } } });

    // "Alpha" sorts first: Middle 1→2 and Zulu 2→3, six in-service POPs change their line.
    const alpha = await createRegion({ actor, phonebookName: name, input: { name: "Alpha" } });
    expect(await pending()).toBe(6);
    const v2 = await publishVersion({ actor, phonebookName: name, storage });
    expect(v2.counts).toEqual({ added: 0, changed: 6, removed: 0 });

    // Renaming Zulu to "Beta" moves it before Middle: both regions' POPs change.
    await renameRegion({ actor, phonebookName: name, regionId: zulu.id, input: { name: "Beta" } });
    expect(await pending()).toBe(6);
    expect((await publishVersion({ actor, phonebookName: name, storage })).counts.changed).toBe(6);

    // Deleting Alpha (no POPs) moves the others up one position.
    expect(await deleteRegion({ actor, phonebookName: name, regionId: alpha.id })).toEqual({ movedPops: 0 });
    expect(await pending()).toBe(6);
    expect((await publishVersion({ actor, phonebookName: name, storage })).counts.changed).toBe(6);
  });
});
