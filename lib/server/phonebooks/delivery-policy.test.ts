import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as item from "@/app/api/v1/phonebooks/[name]/route";
import * as orgRoute from "@/app/o/[org]/pbserver/pbserver.dll/route";
import { extractWith, TOOL_NAMES } from "@/lib/cab/test-tools";
import { currentKey, versionKey, ZCurrentJson } from "@/lib/phonebook/artifact-names";
import { db } from "@/lib/server/db";
import { previewClientUpdate } from "@/lib/server/pbs/preview-client-update";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { callRoute } from "@/lib/test/api";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { createPhonebook } from "./create-phonebook";

afterAll(() => setStorageForTests(undefined));

describe("delivery policy per phone book", () => {
  it("PATCH deliveryPolicy=full makes the PBS answer the Full cab at once, without a republish, and back", async () => {
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-policy-")));
    setStorageForTests(storage);
    const { actors, org } = await makeOrg(["admin", "viewer"]);
    const admin = actors.admin;
    const name = pbName();
    await createPhonebook({ actor: admin, input: { name, description: "" } });
    await addPop(admin, name, 1);
    await addPop(admin, name, 2);
    await publishVersion({ actor: admin, phonebookName: name, storage });
    await addPop(admin, name, 3);
    await publishVersion({ actor: admin, phonebookName: name, storage });
    const stored = async (file: string, version = 2) => (await storage.get(versionKey(org.slug, name, version, file))) ?? Buffer.alloc(1);
    const current = async () => ZCurrentJson.parse(JSON.parse((await storage.get(currentKey(org.slug, name)))?.toString() ?? "{}"));
    const pbs = async (pbver: number) => {
      const request = new Request(`http://localhost/o/${org.slug}/pbserver/pbserver.dll?osarch=0&osver=1&pbver=${pbver}&pb=${name}`);
      const response = await orgRoute.GET(request, { params: Promise.resolve({ org: org.slug }) });
      return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
    };
    const patch = (body: unknown, token = admin.token) => callRoute(item.PATCH, { method: "PATCH", token, params: { name }, body });

    expect((await callRoute(item.GET, { token: actors.viewer.token, params: { name } })).json.deliveryPolicy).toBe("deltas");
    expect((await pbs(1)).body.equals(await stored(`${name}_2_from_1.cab`))).toBe(true);
    const before = await current();

    const set = await patch({ deliveryPolicy: "full" });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ name, currentVersion: 2, deliveryPolicy: "full" });
    expect((await callRoute(item.GET, { token: actors.viewer.token, params: { name } })).json.deliveryPolicy).toBe("full");
    // Same version and files; only the policy changed. No new version was made.
    expect(await current()).toEqual({ ...before, deliveryPolicy: "full" });
    expect(await db.version.count({ where: { phonebook: { orgId: org.id } } })).toBe(2);
    const full = await pbs(1);
    expect(full.status).toBe(200);
    expect(full.body.equals(await stored(`${name}_2_full.cab`))).toBe(true);
    for (const tool of TOOL_NAMES) {
      const files = extractWith(tool, full.body);
      expect([...files.keys()].sort(), tool).toEqual([`${name}.pbk`, `${name}.pbr`, `${name}.ver`]);
      expect(files.get(`${name}.pbk`)?.equals(await stored(`${name}.pbk`)), tool).toBe(true);
    }
    expect((await pbs(0)).body.equals(full.body)).toBe(true);
    expect((await pbs(2)).status).toBe(204);
    expect(await previewClientUpdate({ actor: admin, phonebookName: name, clientVersion: 1, storage })).toMatchObject({
      kind: "full",
      deliveryPolicy: "full",
      fileName: `${name}_2_full.cab`,
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "phonebook.update" } });
    expect(audit).toMatchObject({
      summary: `Set delivery policy of ${name} to always the full phone book`,
      before: { deliveryPolicy: "deltas" },
      after: { deliveryPolicy: "full" },
    });

    // A publish keeps the policy; the deltas are still built, for when it is switched back.
    await addPop(admin, name, 4);
    await publishVersion({ actor: admin, phonebookName: name, storage });
    expect(await current()).toMatchObject({ version: 3, deliveryPolicy: "full", deltas: { "1": `${name}_3_from_1.cab` } });
    expect((await pbs(2)).body.equals(await stored(`${name}_3_full.cab`, 3))).toBe(true);

    expect((await patch({ deliveryPolicy: "deltas" })).json.deliveryPolicy).toBe("deltas");
    expect((await pbs(2)).body.equals(await stored(`${name}_3_from_2.cab`, 3))).toBe(true);
    expect(await previewClientUpdate({ actor: admin, phonebookName: name, clientVersion: 2, storage })).toMatchObject({
      kind: "delta",
      deliveryPolicy: "deltas",
    });

    // Bad input and roles: a clear 4xx, nothing changed.
    const bad = await patch({ deliveryPolicy: "sometimes" });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error: {
        code: "invalid_input",
        details: { fields: [{ field: "deliveryPolicy", message: 'Delivery policy must be "deltas" or "full"' }] },
      },
    });
    expect((await patch({ deliveryPolicy: "full" }, actors.viewer.token)).status).toBe(403);
    expect((await current()).deliveryPolicy).toBe("deltas");
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "phonebook.update" } })).toBe(2);
  });

  it("a policy set before the first publish is written by it", async () => {
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-policy-")));
    setStorageForTests(storage);
    const { actors, org } = await makeOrg(["admin"]);
    const name = pbName();
    await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
    const set = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.admin.token,
      params: { name },
      body: { deliveryPolicy: "full" },
    });
    expect(set.json).toMatchObject({ currentVersion: 0, deliveryPolicy: "full" });
    expect(await storage.get(currentKey(org.slug, name))).toBeNull();
    await addPop(actors.admin, name, 1);
    await publishVersion({ actor: actors.admin, phonebookName: name, storage });
    const current = ZCurrentJson.parse(JSON.parse((await storage.get(currentKey(org.slug, name)))?.toString() ?? "{}"));
    expect(current.deliveryPolicy).toBe("full");
  });
});
