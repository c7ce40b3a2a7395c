import { describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/phonebooks/route";
import * as item from "@/app/api/v1/phonebooks/[name]/route";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";

describe("phone books API", () => {
  it("creates, lists, reads, renames and deletes a phone book", async () => {
    const { actors, org } = await makeOrg();
    const name = pbName();
    const created = await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name, description: "ISP one" } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name, description: "ISP one", currentVersion: 0, popCount: 0, pendingChanges: 0 });

    const list = await callRoute(collection.GET, { token: actors.viewer.token });
    expect(list.status).toBe(200);
    expect((list.json.phonebooks as { name: string }[]).map((p) => p.name)).toEqual([name]);

    const one = await callRoute(item.GET, { token: actors.viewer.token, params: { name: name.toLowerCase() } });
    expect(one.status).toBe(200);
    expect(one.json.name).toBe(name);
    expect(one.json.pbsPath).toBe(`/o/${org.slug}/pbserver/pbserver.dll`);

    const renamed = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.admin.token,
      params: { name },
      body: { name: "Renamed1" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json.name).toBe("Renamed1");

    const deleted = await callRoute(item.DELETE, { method: "DELETE", token: actors.admin.token, params: { name: "renamed1" } });
    expect(deleted.status).toBe(200);
    expect(await db.phonebook.count({ where: { orgId: org.id } })).toBe(0);
    const audit = await db.auditEvent.findMany({ where: { orgId: org.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["phonebook.create", "phonebook.update", "phonebook.delete"]);
  });

  it("refuses bad names with 400 naming the field and writes nothing", async () => {
    const { actors, org } = await makeOrg(["admin"]);
    for (const bad of ["", "TOOLONGNAME", "MY-ISP", "12345", "a b"]) {
      const res = await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name: bad } });
      expect(res.status, bad).toBe(400);
      const error = res.json.error as { code: string; message: string; details: { fields: { field: string }[] } };
      expect(error.code).toBe("invalid_input");
      expect(error.details.fields[0]?.field).toBe("name");
    }
    const notJson = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      rawBody: "{nope",
      contentType: "application/json",
    });
    expect(notJson.status).toBe(400);
    expect(await db.phonebook.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("answers 409 for a duplicate name in any letter case", async () => {
    const { actors } = await makeOrg(["admin"]);
    const name = pbName();
    expect((await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name } })).status).toBe(201);
    const dup = await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name: name.toLowerCase() } });
    expect(dup.status).toBe(409);
    expect((dup.json.error as { message: string }).message).toContain("already exists");
  });

  it("checks the token, the role and the organisation", async () => {
    const a = await makeOrg();
    const b = await makeOrg(["admin"]);
    const name = pbName();
    await callRoute(collection.POST, { method: "POST", token: a.actors.admin.token, body: { name } });

    expect((await callRoute(collection.GET, {})).status).toBe(401);
    expect((await callRoute(collection.GET, { token: "pba_bogus" })).status).toBe(401);
    const viewer = await callRoute(collection.POST, { method: "POST", token: a.actors.viewer.token, body: { name: "VIEWERPB" } });
    expect(viewer.status).toBe(403);
    const editor = await callRoute(item.DELETE, { method: "DELETE", token: a.actors.editor.token, params: { name } });
    expect(editor.status).toBe(403);

    const other = await callRoute(item.GET, { token: b.actors.admin.token, params: { name } });
    expect(other.status).toBe(404);
    expect(other.text).not.toContain(a.org.id);
    const otherList = await callRoute(collection.GET, { token: b.actors.admin.token });
    expect(otherList.json.phonebooks).toEqual([]);
  });
});
