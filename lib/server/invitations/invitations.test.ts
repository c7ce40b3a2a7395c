import { beforeEach, describe, expect, it, vi } from "vitest";
import { getServerSession } from "next-auth";
import * as invitations from "@/app/api/v1/invitations/route";
import * as invitation from "@/app/api/v1/invitations/[id]/route";
import * as members from "@/app/api/v1/members/[userId]/route";
import { getSessionActor } from "@/lib/server/auth/get-actor";
import { verifyLogin } from "@/lib/server/auth/login";
import { createSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg, uniq } from "@/lib/test/fixtures";
import { startSmtp } from "@/lib/test/smtp";
import { acceptInvitation, signUpFromInvitation } from "./accept-invitation";
import { findOpenInvitation } from "./find-invitation";

vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: vi.fn() }));
const mockSession = vi.mocked(getServerSession);
beforeEach(() => mockSession.mockReset());

type TInvite = { status: number; json: { link?: string | null; emailed?: boolean; invitation?: { id: string } }; text: string };

const invite = async (token: string, email: string, role = "viewer") =>
  (await callRoute(invitations.POST, { method: "POST", token, body: { email, role } })) as unknown as TInvite;
const tokenOf = (res: TInvite) => String(res.json.link).split("/invite/")[1] ?? "";
const signInAs = async (userId: string, orgId?: string) => {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const sid = await createSession({ userId, userAgent: "", address: "test", method: "password" });
  mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId, orgId, sv: sessionVersion, sid });
};

describe("membership by invitation", () => {
  it("replays the takeover: an account pre-created by another tenant never enters the organisation", async () => {
    const a = await makeOrg(["owner", "admin"]);
    const b = await makeOrg(["owner"]);
    const target = `new.hire-${uniq()}@a.example`;

    // The owner of B claims the address first, with a password of their choosing, then removes it from B.
    const bait = await invite(b.actors.owner.token, target, "viewer");
    const claimed = await signUpFromInvitation({ token: tokenOf(bait), input: { name: "Bait", password: "attacker-password-1" } });
    expect(claimed.orgId).toBe(b.org.id);
    const attacker = await db.user.findUniqueOrThrow({ where: { email: target } });
    await callRoute(members.DELETE, { method: "DELETE", token: b.actors.owner.token, params: { userId: attacker.id } });
    const hashBefore = attacker.passwordHash;

    // A invites the same address as admin: nothing of the existing account is touched or revealed.
    const fresh = await invite(a.actors.admin.token, `never-seen-${uniq()}@a.example`, "admin");
    const real = await invite(a.actors.admin.token, target, "admin");
    expect(real.status).toBe(201);
    expect(Object.keys(real.json).sort()).toEqual(Object.keys(fresh.json).sort());
    expect(real.text).not.toContain(attacker.id);
    expect(real.text).not.toContain("Bait");
    expect(await db.membership.count({ where: { orgId: a.org.id, userId: attacker.id } })).toBe(0);

    // The attacker signs in with their own password: the account enters no organisation, least of all A.
    const login = await verifyLogin(target, "attacker-password-1");
    expect(login).toMatchObject({ ok: true, orgId: null });
    await signInAs(attacker.id, a.org.id);
    expect(await getSessionActor()).toBeNull();

    // The real invitee cannot make an account for the claimed address from A's link (it is blocked, not taken over)…
    await expect(signUpFromInvitation({ token: tokenOf(real), input: { name: "Real", password: "real-password-123" } })).rejects.toThrow(
      /sign in with it/,
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: attacker.id } })).passwordHash).toBe(hashBefore);
    expect(await db.user.count({ where: { email: target } })).toBe(1);
    // …and the link stays open for them to accept with an account of their own.
    expect(await findOpenInvitation(tokenOf(real))).toMatchObject({ orgId: a.org.id, role: "admin" });
    const own = await makeOrg(["viewer"]);
    const joined = await acceptInvitation({ token: tokenOf(real), userId: own.actors.viewer.userId });
    expect(joined).toMatchObject({ orgId: a.org.id, role: "admin" });
    expect(await db.membership.count({ where: { orgId: a.org.id, userId: attacker.id } })).toBe(0);
    const accepted = await db.auditEvent.findFirstOrThrow({ where: { orgId: a.org.id, action: "invitation.accept" } });
    expect(accepted.after).toMatchObject({ email: own.actors.viewer.email, invitedEmail: target, role: "admin" });
  });

  it("creates an account with the invitee's own password, once per link", async () => {
    const a = await makeOrg(["owner", "admin"]);
    const email = `joiner-${uniq()}@test.example`;
    const res = await invite(a.actors.admin.token, email, "editor");
    const token = tokenOf(res);
    const [first, second] = await Promise.allSettled([
      signUpFromInvitation({ token, input: { name: "Jo", password: "joiner-password-1" } }),
      acceptInvitation({ token, userId: a.actors.owner.userId }),
    ]);
    expect([first.status, second.status].sort()).toEqual(["fulfilled", "rejected"]);
    const joined = await db.membership.findMany({ where: { orgId: a.org.id, role: "editor" }, include: { user: true } });
    expect(joined.length).toBeLessThanOrEqual(1);
    expect(await findOpenInvitation(token)).toBeNull();
    await expect(acceptInvitation({ token, userId: a.actors.owner.userId })).rejects.toThrow(/no longer valid/);
    if (first.status === "fulfilled") {
      expect(joined[0]?.user.email).toBe(email);
      expect(await verifyLogin(email, "joiner-password-1")).toMatchObject({ ok: true, orgId: a.org.id });
    }
  });

  it("refuses expired, withdrawn, malformed and foreign links, and owner grants by admins", async () => {
    const a = await makeOrg(["owner", "admin"]);
    const b = await makeOrg(["owner"]);
    const stranger = await makeOrg(["viewer"]);
    const expired = await invite(a.actors.admin.token, `old-${uniq()}@test.example`);
    await db.invitation.update({ where: { id: expired.json.invitation?.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvitation({ token: tokenOf(expired), userId: stranger.actors.viewer.userId })).rejects.toThrow(/no longer valid/);

    const withdrawn = await invite(a.actors.admin.token, `gone-${uniq()}@test.example`);
    const id = withdrawn.json.invitation?.id ?? "";
    expect((await callRoute(invitation.DELETE, { method: "DELETE", token: b.actors.owner.token, params: { id } })).status).toBe(404);
    expect((await callRoute(invitation.DELETE, { method: "DELETE", token: a.actors.admin.token, params: { id } })).status).toBe(200);
    await expect(acceptInvitation({ token: tokenOf(withdrawn), userId: stranger.actors.viewer.userId })).rejects.toThrow(/no longer valid/);
    await expect(acceptInvitation({ token: "pbi_short", userId: stranger.actors.viewer.userId })).rejects.toThrow(/no longer valid/);
    expect(await db.membership.count({ where: { orgId: a.org.id, userId: stranger.actors.viewer.userId } })).toBe(0);

    // A second invitation to one address replaces the first link.
    const email = `twice-${uniq()}@test.example`;
    const one = await invite(a.actors.admin.token, email);
    const two = await invite(a.actors.admin.token, email);
    expect(await findOpenInvitation(tokenOf(one))).toBeNull();
    expect(await findOpenInvitation(tokenOf(two))).not.toBeNull();
    const list = await callRoute(invitations.GET, { token: a.actors.admin.token });
    expect((list.json.invitations as { email: string }[]).filter((i) => i.email === email)).toHaveLength(1);
    expect((await callRoute(invitations.GET, { token: b.actors.owner.token })).text).not.toContain(email);

    const owner = await invite(a.actors.admin.token, `boss-${uniq()}@test.example`, "owner");
    expect(owner.status).toBe(403);
  });

  it("keeps sessions per membership: a change in org B never signs the user out of org A", async () => {
    const a = await makeOrg(["owner", "viewer"]);
    const b = await makeOrg(["owner"]);
    const user = a.actors.viewer;
    await db.membership.create({ data: { orgId: b.org.id, userId: user.userId, role: "editor" } });
    await signInAs(user.userId, b.org.id);
    expect(await getSessionActor()).toMatchObject({ orgId: b.org.id, role: "editor" });
    // B's owner changes the role, then removes the user, again and again.
    await callRoute(members.PATCH, {
      method: "PATCH",
      token: b.actors.owner.token,
      params: { userId: user.userId },
      body: { role: "viewer" },
    });
    expect(await getSessionActor()).toMatchObject({ orgId: b.org.id, role: "viewer" });
    await callRoute(members.DELETE, { method: "DELETE", token: b.actors.owner.token, params: { userId: user.userId } });
    expect(await getSessionActor()).toMatchObject({ orgId: a.org.id, role: "viewer" });
  });

  it("emails the link instead of showing it when SMTP is configured", async () => {
    const smtp = await startSmtp();
    try {
      const a = await makeOrg(["admin"]);
      const email = `mailed-${uniq()}@test.example`;
      const res = await invite(a.actors.admin.token, email, "editor");
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ emailed: true, link: null });
      const mail = smtp.messages.find((m) => m.includes(email)) ?? "";
      const token = /\/invite\/(pbi_[A-Za-z0-9_-]{43})/.exec(mail)?.[1] ?? "";
      expect(await findOpenInvitation(token)).toMatchObject({ email, role: "editor", orgId: a.org.id });
    } finally {
      await smtp.stop();
    }
  });
});
