import { beforeEach, describe, expect, it, vi } from "vitest";
import { getServerSession } from "next-auth";
import * as collection from "@/app/api/v1/members/route";
import * as item from "@/app/api/v1/members/[userId]/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import { getSessionActor } from "@/lib/server/auth/get-actor";
import { authOptions } from "@/lib/server/auth/options";
import { createSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg, uniq } from "@/lib/test/fixtures";

// Only the session lookup is replaced; everything below it (database, checks) is real.
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: vi.fn() }));
const mockSession = vi.mocked(getServerSession);
beforeEach(() => mockSession.mockReset());

type TError = { code: string; message: string; details: { fields?: { field: string; message: string }[] } | null };
const errorOf = (res: { json: Record<string, unknown> }) => res.json.error as TError;
const sessionVersion = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion;

describe("members API", () => {
  it("lists members for a viewer; adding someone creates an invitation and touches no account", async () => {
    const { org, actors } = await makeOrg();
    const list = await callRoute(collection.GET, { token: actors.viewer.token });
    expect(list.status).toBe(200);
    const members = list.json.members as { email: string; role: string; since: string }[];
    expect(members.map((m) => m.role).sort()).toEqual(["admin", "editor", "owner", "viewer"]);
    expect(members.find((m) => m.role === "viewer")?.email).toBe(actors.viewer.email);

    const email = `New-${uniq()}@Test.Example`;
    const added = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      body: { email: `  ${email} `, role: "editor" },
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ emailed: false, invitation: { email: email.toLowerCase(), role: "editor" } });
    expect(added.json.link).toMatch(/^http:\/\/localhost\/invite\/pbi_[A-Za-z0-9_-]{43}$/);
    expect(await db.user.count({ where: { email: email.toLowerCase() } })).toBe(0);
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(4);

    // An existing user of another organisation: no membership, no name, nothing of the account.
    const other = await makeOrg(["viewer"]);
    const before = await db.user.findUniqueOrThrow({ where: { id: other.actors.viewer.userId } });
    const existing = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      body: { email: other.actors.viewer.email.toUpperCase(), role: "viewer" },
    });
    expect(existing.status).toBe(201);
    expect(existing.text).not.toContain(before.id);
    expect(Object.keys(existing.json).sort()).toEqual(Object.keys(added.json).sort());
    expect(await db.membership.count({ where: { userId: before.id } })).toBe(1);

    const audit = await db.auditEvent.findMany({ where: { orgId: org.id, action: "invitation.create" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => (a.after as { email: string }).email)).toEqual([email.toLowerCase(), before.email]);
    expect(JSON.stringify(audit)).not.toContain(String(added.json.link).split("/").pop());
  });

  it("refuses bad input per field, a password, and current members", async () => {
    const { org, actors } = await makeOrg(["owner", "admin"]);
    const bad = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      body: { email: "not-an-email", role: "boss" },
    });
    expect(bad.status).toBe(400);
    expect(
      errorOf(bad)
        .details?.fields?.map((f) => f.field)
        .sort(),
    ).toEqual(["email", "role"]);

    const email = `pass-${uniq()}@test.example`;
    const withPassword = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      body: { email, role: "viewer", password: "0123456789" },
    });
    expect(withPassword.status).toBe(400);
    expect(errorOf(withPassword).message).toContain("the invitee sets their own password");
    expect(await db.invitation.count({ where: { email } })).toBe(0);

    const dup = await callRoute(collection.POST, {
      method: "POST",
      token: actors.admin.token,
      body: { email: actors.owner.email, role: "viewer" },
    });
    expect(dup.status).toBe(409);
    expect(errorOf(dup).message).toContain("already a member");
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(2);
  });

  it("checks roles: viewers/editors read only, admins never touch owners", async () => {
    const { org, actors } = await makeOrg();
    const body = { email: `x-${uniq()}@test.example`, role: "viewer" };
    expect((await callRoute(collection.POST, { method: "POST", token: actors.editor.token, body })).status).toBe(403);
    expect((await callRoute(collection.POST, { method: "POST", token: actors.viewer.token, body })).status).toBe(403);
    const editorPatch = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.editor.token,
      params: { userId: actors.viewer.userId },
      body: { role: "admin" },
    });
    expect(editorPatch.status).toBe(403);
    expect(
      (await callRoute(item.DELETE, { method: "DELETE", token: actors.viewer.token, params: { userId: actors.editor.userId } })).status,
    ).toBe(403);
    expect((await callRoute(collection.GET, {})).status).toBe(401);

    const grantOwner = await callRoute(collection.POST, { method: "POST", token: actors.admin.token, body: { ...body, role: "owner" } });
    expect(grantOwner.status).toBe(403);
    expect(errorOf(grantOwner).message).toContain("Only an owner can make someone an owner");
    const promote = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.admin.token,
      params: { userId: actors.viewer.userId },
      body: { role: "owner" },
    });
    expect(promote.status).toBe(403);
    const demoteOwner = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.admin.token,
      params: { userId: actors.owner.userId },
      body: { role: "viewer" },
    });
    expect(demoteOwner.status).toBe(403);
    expect(errorOf(demoteOwner).message).toContain("Only an owner can change or remove an owner");
    expect(
      (await callRoute(item.DELETE, { method: "DELETE", token: actors.admin.token, params: { userId: actors.owner.userId } })).status,
    ).toBe(403);
    expect((await db.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: actors.owner.userId } } })).role).toBe(
      "owner",
    );

    // Admins manage the other roles, owners everything.
    const ok = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.admin.token,
      params: { userId: actors.viewer.userId },
      body: { role: "editor" },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.role).toBe("editor");
    const byOwner = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.owner.token,
      params: { userId: actors.admin.userId },
      body: { role: "owner" },
    });
    expect(byOwner.status).toBe(200);
    expect((await db.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: actors.admin.userId } } })).role).toBe(
      "owner",
    );
  });

  it("never lets the last owner go, and lets one go once another owner exists", async () => {
    const { org, actors } = await makeOrg(["owner", "admin"]);
    const owner = actors.owner;
    const demote = await callRoute(item.PATCH, {
      method: "PATCH",
      token: owner.token,
      params: { userId: owner.userId },
      body: { role: "admin" },
    });
    expect(demote.status).toBe(409);
    expect(errorOf(demote).message).toContain("last owner");
    const remove = await callRoute(item.DELETE, { method: "DELETE", token: owner.token, params: { userId: owner.userId } });
    expect(remove.status).toBe(409);
    expect(await db.membership.count({ where: { orgId: org.id, role: "owner" } })).toBe(1);

    const promote = await callRoute(item.PATCH, {
      method: "PATCH",
      token: owner.token,
      params: { userId: actors.admin.userId },
      body: { role: "owner" },
    });
    expect(promote.status).toBe(200);
    const nowOk = await callRoute(item.PATCH, {
      method: "PATCH",
      token: owner.token,
      params: { userId: owner.userId },
      body: { role: "viewer" },
    });
    expect(nowOk.status).toBe(200);
    const owners = await db.membership.findMany({ where: { orgId: org.id, role: "owner" } });
    expect(owners.map((o) => o.userId)).toEqual([actors.admin.userId]);
  });

  it("keeps the session version on a role change, and removal revokes that org's tokens only", async () => {
    const { org, actors } = await makeOrg(["owner", "admin", "editor"]);
    const editor = actors.editor;
    const v0 = await sessionVersion(editor.userId);
    const same = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.admin.token,
      params: { userId: editor.userId },
      body: { role: "editor" },
    });
    expect(same.status).toBe(200);
    expect(await sessionVersion(editor.userId)).toBe(v0);
    const changed = await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.admin.token,
      params: { userId: editor.userId },
      body: { role: "viewer" },
    });
    expect(changed.status).toBe(200);
    expect(await sessionVersion(editor.userId)).toBe(v0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "member.update" } });
    expect(audit.before).toMatchObject({ role: "editor" });
    expect(audit.after).toMatchObject({ role: "viewer" });

    // The same user in a second organisation keeps that membership and its token.
    const other = await makeOrg(["admin"]);
    await db.membership.create({ data: { orgId: other.org.id, userId: editor.userId, role: "editor" } });
    const { issueApiToken } = await import("@/lib/server/auth/api-tokens");
    const otherToken = await issueApiToken({ orgId: other.org.id, userId: editor.userId, name: "other", role: "editor" });

    expect((await callRoute(phonebooks.GET, { token: editor.token })).status).toBe(200);
    const removed = await callRoute(item.DELETE, { method: "DELETE", token: actors.admin.token, params: { userId: editor.userId } });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ userId: editor.userId, revokedTokens: 1 });
    expect(await db.membership.count({ where: { orgId: org.id, userId: editor.userId } })).toBe(0);
    expect(await sessionVersion(editor.userId)).toBe(v0);
    expect((await db.apiToken.findMany({ where: { orgId: org.id, userId: editor.userId } })).every((t) => t.revokedAt !== null)).toBe(true);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: otherToken.id } })).revokedAt).toBeNull();
    expect((await callRoute(phonebooks.GET, { token: editor.token })).status).toBe(401);
    expect((await callRoute(phonebooks.GET, { token: otherToken.token })).status).toBe(200);
    expect((await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "member.remove" } })).before).toMatchObject({
      role: "viewer",
    });

    const again = await callRoute(item.DELETE, { method: "DELETE", token: actors.admin.token, params: { userId: editor.userId } });
    expect(again.status).toBe(404);
  });

  it("answers 404 for a member of another organisation or a malformed id", async () => {
    const a = await makeOrg(["owner", "admin"]);
    const b = await makeOrg(["owner", "viewer"]);
    const foreign = await callRoute(item.PATCH, {
      method: "PATCH",
      token: a.actors.owner.token,
      params: { userId: b.actors.viewer.userId },
      body: { role: "admin" },
    });
    expect(foreign.status).toBe(404);
    expect(
      (await callRoute(item.DELETE, { method: "DELETE", token: a.actors.owner.token, params: { userId: b.actors.owner.userId } })).status,
    ).toBe(404);
    expect((await callRoute(item.DELETE, { method: "DELETE", token: a.actors.owner.token, params: { userId: "nope" } })).status).toBe(404);
    expect(
      (await db.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: b.org.id, userId: b.actors.viewer.userId } } })).role,
    ).toBe("viewer");
    const list = await callRoute(collection.GET, { token: a.actors.admin.token });
    expect((list.json.members as { email: string }[]).map((m) => m.email)).not.toContain(b.actors.viewer.email);
  });
});

describe("session invalidation", () => {
  it("copies the JWT's session version into the session", async () => {
    const session = await authOptions.callbacks?.session?.({
      session: { expires: "2099-01-01T00:00:00.000Z" },
      token: { sub: "u1", orgId: "o1", sv: 7 },
    } as never);
    expect(session).toMatchObject({ userId: "u1", orgId: "o1", sv: 7 });
  });

  it("drops a session whose version is older than the user's (password change), never on a role change", async () => {
    const { org, actors } = await makeOrg(["owner", "editor"]);
    const sv = await sessionVersion(actors.editor.userId);
    const sid = await createSession({ userId: actors.editor.userId, userAgent: "", address: "test", method: "password" });
    mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId: actors.editor.userId, orgId: org.id, sv, sid });
    expect(await getSessionActor()).toMatchObject({ userId: actors.editor.userId, role: "editor", via: "session" });

    await callRoute(item.PATCH, {
      method: "PATCH",
      token: actors.owner.token,
      params: { userId: actors.editor.userId },
      body: { role: "admin" },
    });
    expect(await getSessionActor()).toMatchObject({ role: "admin" });
    await db.user.update({ where: { id: actors.editor.userId }, data: { sessionVersion: { increment: 1 } } });
    expect(await getSessionActor()).toBeNull();
    mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId: actors.editor.userId, orgId: org.id, sv: sv + 1, sid });
    expect(await getSessionActor()).toMatchObject({ role: "admin" });
    mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId: actors.editor.userId, orgId: org.id });
    expect(await getSessionActor()).toBeNull();
  });
});
