import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { createPop } from "@/lib/server/pops/create-pop";
import { bulkUpdatePops } from "@/lib/server/pops/bulk-pops";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { previewClientUpdate } from "./preview-client-update";

describe("what will a client get", () => {
  it("describes the PBS answer for each client version", async () => {
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-preview-")));
    const { actors } = await makeOrg(["admin"]);
    const actor = actors.admin;
    const name = pbName();
    await createPhonebook({ actor, input: { name, description: "" } });
    const add = (popIndex: number) =>
      createPop({
        actor,
        phonebookName: name,
        input: {
          popIndex,
          countryCode: 1,
          name: "",
          areaCode: "",
          accessNumber: String(popIndex),
          minSpeed: null,
          maxSpeed: null,
          flags: 0,
          dialupEntry: "",
          inService: true,
          comment: "",
        },
      });
    expect((await previewClientUpdate({ actor, phonebookName: name, clientVersion: 0, storage })).status).toBe(404);
    await add(1);
    await add(2);
    await publishVersion({ actor, phonebookName: name, storage });
    await add(3);
    await bulkUpdatePops({ actor, phonebookName: name, input: { popIndexes: [1], action: "delete" } });
    await publishVersion({ actor, phonebookName: name, storage });

    const delta = await previewClientUpdate({ actor, phonebookName: name, clientVersion: 1, storage });
    expect(delta).toMatchObject({
      kind: "delta",
      status: 200,
      version: 2,
      from: 1,
      fileName: `${name}_2_from_1.cab`,
      upserts: 1,
      deletes: 1,
    });
    if (delta.kind === "delta") expect(delta.files.map((f) => f.name).sort()).toEqual([`${name}.pbd`, `${name}.pbr`, `${name}.ver`]);
    expect(await previewClientUpdate({ actor, phonebookName: name, clientVersion: 0, storage })).toMatchObject({
      kind: "full",
      upserts: 2,
      fileName: `${name}_2_full.cab`,
    });
    expect(await previewClientUpdate({ actor, phonebookName: name, clientVersion: 2, storage })).toMatchObject({
      kind: "no_update",
      status: 204,
    });
    expect(await previewClientUpdate({ actor, phonebookName: name, clientVersion: 9, storage })).toMatchObject({ kind: "no_update" });
  });
});
