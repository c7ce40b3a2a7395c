import { describe, expect, it } from "vitest";
import * as members from "@/app/api/v1/members/[userId]/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as phonebook from "@/app/api/v1/phonebooks/[name]/route";
import * as collection from "@/app/api/v1/tokens/route";
import * as item from "@/app/api/v1/tokens/[id]/route";
import { hashToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";

type TError = { code: string; message: string; details: { fields?: { field: string }[] } | null };
const errorOf = (res: { json: Record<string, unknown> }) => res.json.error as TError;
type TCreated = {
  id: string;
  token: string;
  prefix: string;
  scopes: string[];
  name: string;
  isActive: boolean;
  createdBy: { email: string };
};

describe("API tokens API", () => {
  it("creates a token that works, lists it without its value, and revokes it", async () => {
    const { org, actors } = await makeOrg(["owner", "admin"]);
    const name = pbName();
    await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } });

    const res = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      body: { name: "  ci-deploy ", scopes: ["write", "read"] },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const created = res.json as unknown as TCreated;
    expect(created).toMatchObject({
      name: "ci-deploy",
      scopes: ["read", "write"],
      phonebooks: null,
      status: "active",
      isActive: true,
      createdBy: { email: actors.admin.email },
    });
    expect(created.token).toMatch(/^pba_[A-Za-z0-9_-]{40,}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      orgId: org.id,
      userId: actors.admin.userId,
      scopes: ["read", "write"],
      phonebookIds: [],
      tokenHash: hashToken(created.token),
      lastUsedAt: null,
      revokedAt: null,
    });

    const used = await callRoute(phonebooks.GET, { token: created.token });
    expect(used.status).toBe(200);
    expect((used.json.phonebooks as { name: string }[]).map((p) => p.name)).toEqual([name]);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).toBeInstanceOf(Date);
    // A read+write token may not do admin work, whoever created it.
    const denied = await callRoute(phonebook.DELETE, { method: "DELETE", token: created.token, params: { name } });
    expect(denied.status).toBe(403);
    expect(errorOf(denied).message).toContain('lacks the "admin" scope');

    const list = await callRoute(collection.GET, { token: actors.owner.token });
    expect(list.status).toBe(200);
    const listed = (list.json.tokens as (TCreated & { lastUsedAt: string | null })[]).find((t) => t.id === created.id);
    expect(listed).toMatchObject({ name: "ci-deploy", prefix: created.prefix, isActive: true });
    expect(listed?.lastUsedAt).not.toBeNull();
    expect(list.text).not.toContain(created.token);
    expect(list.text).not.toContain(row.tokenHash);

    const revoked = await callRoute(item.DELETE, { method: "DELETE", token: actors.owner.token, params: { id: created.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ id: created.id, isActive: false });
    const revokedAt = (await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    const after = await callRoute(phonebooks.GET, { token: created.token });
    expect(after.status).toBe(401);
    expect(errorOf(after).code).toBe("unauthorized");
    const twice = await callRoute(item.DELETE, { method: "DELETE", token: actors.owner.token, params: { id: created.id } });
    expect(twice.status).toBe(200);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).revokedAt).toEqual(revokedAt);

    const audit = await db.auditEvent.findMany({ where: { orgId: org.id, entity: "api_token" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["token.create", "token.revoke"]);
    expect(audit[0]?.after).toMatchObject({ name: "ci-deploy", scopes: ["read", "write"], prefix: created.prefix, phonebooks: [] });
    expect(audit[1]?.before).toMatchObject({ name: "ci-deploy", scopes: ["read", "write"], revokedAt: null });
    expect(JSON.stringify(audit)).not.toContain(created.token);
    expect(JSON.stringify(audit)).not.toContain(row.tokenHash);
  });

  it("takes scopes (or a role, the former way to say them) and defaults to read", async () => {
    const { actors } = await makeOrg(["owner", "admin"]);
    const byOwner = await callRoute(collection.POST, {
      method: "POST",
      token: actors.owner.token,
      body: { name: "owner-token", role: "owner" },
    });
    expect(byOwner.status).toBe(201);
    expect(byOwner.json.scopes).toEqual(["read", "write", "publish", "admin"]);
    const defaulted = await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name: "read-only" } });
    expect(defaulted.status).toBe(201);
    expect(defaulted.json.scopes).toEqual(["read"]);
    const both = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      body: { name: "both", role: "viewer", scopes: ["read"] },
    });
    expect(both.status).toBe(400);
    expect(errorOf(both).details?.fields?.[0]?.field).toBe("role");
  });

  it("never gives a token more rights than its creator's current role", async () => {
    const { actors } = await makeOrg(["owner", "admin"]);
    const adminToken = (
      await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name: "adm", role: "admin" } })
    ).json as unknown as TCreated;
    expect((await callRoute(phonebooks.POST, { method: "POST", token: adminToken.token, body: { name: pbName() } })).status).toBe(201);
    await callRoute(members.PATCH, {
      method: "PATCH",
      token: actors.owner.token,
      params: { userId: actors.admin.userId },
      body: { role: "viewer" },
    });
    expect((await callRoute(phonebooks.POST, { method: "POST", token: adminToken.token, body: { name: pbName() } })).status).toBe(403);
    expect((await callRoute(collection.GET, { token: adminToken.token })).status).toBe(403);
  });

  it("validates the input; managing tokens through the API needs the admin scope", async () => {
    const { actors } = await makeOrg(["owner", "admin", "editor", "viewer"]);
    for (const bad of ["", "   ", "x".repeat(61)]) {
      const res = await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name: bad } });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(errorOf(res).details?.fields?.[0]?.field).toBe("name");
    }
    expect((await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name: "x".repeat(60) } })).status).toBe(
      201,
    );
    const badRole = await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name: "r", role: "root" } });
    expect(badRole.status).toBe(400);
    for (const scopes of [[], ["read", "root"], "read"]) {
      const bad = await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { name: "s", scopes } });
      expect(bad.status, JSON.stringify(scopes)).toBe(400);
      expect(errorOf(bad).details?.fields?.[0]?.field).toMatch(/^scopes/);
    }

    // Managing tokens through the API needs the admin scope, which only admins' tokens can have.
    for (const token of [actors.editor.token, actors.viewer.token]) {
      const list = await callRoute(collection.GET, { token });
      expect(list.status).toBe(403);
      expect(errorOf(list).message).toContain('lacks the "admin" scope');
      expect((await callRoute(collection.POST, { method: "POST", token, body: { name: "mine", scopes: ["read"] } })).status).toBe(403);
    }
    const some = await db.apiToken.findFirstOrThrow({ where: { userId: actors.viewer.userId } });
    const editorRevoke = await callRoute(item.DELETE, { method: "DELETE", token: actors.editor.token, params: { id: some.id } });
    expect(editorRevoke.status).toBe(403);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: some.id } })).revokedAt).toBeNull();
    expect((await callRoute(collection.GET, {})).status).toBe(401);
  });

  it("keeps organisations apart", async () => {
    const a = await makeOrg(["admin"]);
    const b = await makeOrg(["admin"]);
    const bName = pbName();
    await callRoute(phonebooks.POST, { method: "POST", token: b.actors.admin.token, body: { name: bName } });
    const aToken = (
      await callRoute(collection.POST, {
        method: "POST",
        token: a.actors.admin.token,
        body: { name: "a-ci", scopes: ["read", "write", "publish", "admin"] },
      })
    ).json as unknown as TCreated;

    expect((await callRoute(phonebook.GET, { token: aToken.token, params: { name: bName } })).status).toBe(404);
    expect((await callRoute(phonebooks.GET, { token: aToken.token })).json.phonebooks).toEqual([]);

    const foreignRevoke = await callRoute(item.DELETE, { method: "DELETE", token: b.actors.admin.token, params: { id: aToken.id } });
    expect(foreignRevoke.status).toBe(404);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: aToken.id } })).revokedAt).toBeNull();
    expect((await callRoute(item.DELETE, { method: "DELETE", token: b.actors.admin.token, params: { id: "not-a-uuid" } })).status).toBe(
      404,
    );
    const bList = await callRoute(collection.GET, { token: b.actors.admin.token });
    expect((bList.json.tokens as { id: string }[]).map((t) => t.id)).not.toContain(aToken.id);
    expect(bList.text).not.toContain(a.actors.admin.email);
  });
});
