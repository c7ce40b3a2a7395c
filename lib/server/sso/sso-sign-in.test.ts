import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getServerSession } from "next-auth";
import { decode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { GET as callbackRoute } from "@/app/api/auth/sso/callback/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import { resetEnvCache } from "@/lib/env";
import { assertRole, getSessionActor, getSessionUser } from "@/lib/server/auth/get-actor";
import { authOptions } from "@/lib/server/auth/options";
import { createSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg, uniq } from "@/lib/test/fixtures";
import { signInAtIdp, startTestIdp, type TTestIdp } from "@/lib/test/oidc-idp";
import { saveSsoSettings } from "./sso-settings";
import { SSO_TX_COOKIE } from "./sso-transaction";
import { startSso } from "./start-sso";

vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: vi.fn() }));
const mockSession = vi.mocked(getServerSession);
beforeEach(() => mockSession.mockReset());

// A real OpenID Provider (oidc-provider) on loopback, driven over HTTP through its login and
// consent forms; the app's callback route handler is called in-process with the cookies a
// browser would send. ORIGIN stands for NEXTAUTH_URL.
const ORIGIN = "http://localhost:3999";
const REDIRECT_URI = `${ORIGIN}/api/auth/sso/callback`;
let idp: TTestIdp;
let idpB: TTestIdp;

type TOrg = Awaited<ReturnType<typeof makeOrg>>;

beforeAll(async () => {
  process.env.NEXTAUTH_URL = ORIGIN;
  resetEnvCache();
  // B's provider takes only client_secret_post (discovery says so), A's only client_secret_basic.
  [idp, idpB] = await Promise.all([
    startTestIdp({ redirectUris: [REDIRECT_URI] }),
    startTestIdp({ redirectUris: [REDIRECT_URI], authMethod: "client_secret_post" }),
  ]);
});
afterAll(async () => {
  await Promise.all([idp.close(), idpB.close()]);
  delete process.env.NEXTAUTH_URL;
  resetEnvCache();
});

async function withSso(
  org: TOrg,
  provider: TTestIdp,
  extra: { allowPassword?: boolean; defaultRole?: "viewer" | "editor" | "admin" } = {},
) {
  await saveSsoSettings({
    actor: org.actors.owner,
    input: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      defaultRole: extra.defaultRole ?? "editor",
      allowPassword: extra.allowPassword ?? true,
      enabled: true,
    },
  });
}

type TCallback = { status: number; location: string; sessionToken?: string; activeOrg?: string };

/** Runs one flow: start, the IdP's forms as `login`, then the app's callback with the transaction cookie. */
async function ssoFlow(org: TOrg, login: string, link?: { userId: string; sessionId: string; thenSignIn: boolean }): Promise<TCallback> {
  const { url, cookie } = await startSso({ slug: org.org.slug, origin: ORIGIN, link });
  const back = await signInAtIdp(url, login, REDIRECT_URI);
  return callback(back, cookie);
}

async function callback(url: string, txCookie: string | undefined): Promise<TCallback> {
  const headers = new Headers({ "user-agent": "vitest", "x-pba-socket-address": "192.0.2.7" });
  if (txCookie) headers.set("cookie", `${SSO_TX_COOKIE}=${txCookie}`);
  const res = await callbackRoute(new NextRequest(url, { headers }));
  const cookies = new Map(
    res.headers.getSetCookie().map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1).split(";")[0] ?? ""]),
  );
  return {
    status: res.status,
    location: res.headers.get("location") ?? "",
    sessionToken: cookies.get("next-auth.session-token"),
    activeOrg: cookies.get("pba-org"),
  };
}

/** The session next-auth would read from the cookie (the same callbacks as lib/server/auth/options.ts). */
async function sessionOf(cookie: string) {
  const token = await decode({ token: cookie, secret: "test-secret" });
  if (!token) throw new Error("the cookie does not decode");
  const toSession = authOptions.callbacks?.session as unknown as (a: { session: object; token: typeof token }) => object;
  return { token, session: { expires: "2099-01-01T00:00:00.000Z", ...toSession({ session: {}, token }) } };
}

const audit = (orgId: string, action: string) => db.auditEvent.findMany({ where: { orgId, action } });

describe("single sign-on with a real OpenID Provider", () => {
  it("first sign-in creates the account, its membership at the default role and an SSO session; the second finds the link", async () => {
    const org = await makeOrg(["owner"]);
    await withSso(org, idp, { defaultRole: "editor" });
    const login = `new-${uniq()}`;
    const email = `${login}@corp.example`;
    idp.setAccount(login, { email: email.toUpperCase(), email_verified: true, name: "Nia Newcomer" });

    const first = await ssoFlow(org, login);
    expect(first).toMatchObject({ status: 303, location: `${ORIGIN}/phonebooks`, activeOrg: org.org.id });
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true, ssoIdentities: true } });
    expect(user.name).toBe("Nia Newcomer");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.memberships).toMatchObject([{ orgId: org.org.id, role: "editor" }]);
    expect(user.ssoIdentities).toMatchObject([{ orgId: org.org.id, issuer: idp.issuer, subject: login }]);

    const { token, session } = await sessionOf(first.sessionToken ?? "");
    expect(token).toMatchObject({ sub: user.id, sv: user.sessionVersion, orgId: org.org.id });
    const row = await db.userSession.findUniqueOrThrow({ where: { id: token.sid ?? "" } });
    expect(row).toMatchObject({ userId: user.id, method: "sso", ssoOrgId: org.org.id, address: "192.0.2.7", revokedAt: null });
    mockSession.mockResolvedValue(session);
    expect(await getSessionActor()).toMatchObject({ userId: user.id, orgId: org.org.id, role: "editor", mustUseSso: false });
    expect((await audit(org.org.id, "sso.join")).length).toBe(1);
    expect((await audit(org.org.id, "auth.sso"))[0]?.actorId).toBe(user.id);

    const second = await ssoFlow(org, login);
    expect(second.location).toBe(`${ORIGIN}/phonebooks`);
    const again = await sessionOf(second.sessionToken ?? "");
    expect(again.token.sub).toBe(user.id);
    expect(again.token.sid).not.toBe(token.sid);
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(1);
    expect((await audit(org.org.id, "auth.sso")).length).toBe(2);
    expect((await audit(org.org.id, "sso.join")).length).toBe(1);

    // Signing out ends the SSO session like any other: a copied cookie is dead.
    await authOptions.events?.signOut?.({ token: again.token, session: null as never });
    mockSession.mockResolvedValue(again.session);
    expect(await getSessionUser()).toBeNull();
  });

  it("takeover replay: org B's IdP asserting org A's owner's email gets no session, no membership and changes nothing", async () => {
    const a = await makeOrg(["owner"]);
    const b = await makeOrg(["owner"]);
    await withSso(b, idpB, { defaultRole: "admin" });
    const victim = await db.user.findUniqueOrThrow({ where: { id: a.actors.owner.userId } });
    const login = `evil-${uniq()}`;
    idpB.setAccount(login, { email: victim.email, email_verified: true, name: "Not The Owner" });
    const sessionsBefore = await db.userSession.count({ where: { userId: victim.id } });
    const auditABefore = await db.auditEvent.count({ where: { orgId: a.org.id } });

    const res = await ssoFlow(b, login);
    expect(res).toMatchObject({ status: 303, location: `${ORIGIN}/sso-failed?reason=account_exists` });
    expect(res.sessionToken).toBeUndefined();
    expect(res.activeOrg).toBeUndefined();
    expect(await db.user.findUniqueOrThrow({ where: { id: victim.id } })).toEqual(victim);
    expect(await db.membership.findMany({ where: { userId: victim.id } })).toMatchObject([{ orgId: a.org.id, role: "owner" }]);
    expect(await db.ssoIdentity.count({ where: { userId: victim.id } })).toBe(0);
    expect(await db.userSession.count({ where: { userId: victim.id } })).toBe(sessionsBefore);
    expect(await db.auditEvent.count({ where: { orgId: a.org.id } })).toBe(auditABefore);
    expect((await audit(b.org.id, "auth.sso.refused"))[0]?.summary).toContain(victim.email);
    // Any case, any spaces: the same address.
    idpB.setAccount(login, { email: ` ${victim.email.toUpperCase()} `, email_verified: true });
    expect((await ssoFlow(b, login)).location).toContain("reason=account_exists");
    // B's IdP (client_secret_post) still signs in people who have no account here yet.
    expect((await ssoFlow(b, `fresh-${uniq()}`)).location).toBe(`${ORIGIN}/phonebooks`);
  });

  it("refuses an unverified email, a forged state, a missing or foreign transaction cookie", async () => {
    const org = await makeOrg(["owner"]);
    await withSso(org, idp);
    const login = `unverified-${uniq()}`;
    idp.setAccount(login, { email: `${login}@corp.example`, email_verified: false });
    expect((await ssoFlow(org, login)).location).toContain("reason=email_unverified");
    expect(await db.user.count({ where: { email: `${login}@corp.example` } })).toBe(0);

    const ok = `ok-${uniq()}`;
    const { url, cookie } = await startSso({ slug: org.org.slug, origin: ORIGIN });
    const back = await signInAtIdp(url, ok, REDIRECT_URI);
    const forged = new URL(back);
    forged.searchParams.set("state", "x".repeat(43));
    expect((await callback(forged.toString(), cookie)).location).toContain("reason=idp_error");
    expect((await callback(back, undefined)).location).toContain("reason=expired");
    expect((await callback(back, `${cookie.slice(0, -4)}AAAA`)).location).toContain("reason=expired");
    // Another attempt's cookie: its state and PKCE verifier do not match this code.
    const other = await startSso({ slug: org.org.slug, origin: ORIGIN });
    expect((await callback(back, other.cookie)).location).toContain("reason=idp_error");
    expect(await db.user.count({ where: { email: `${ok}@idp.test` } })).toBe(0);
  });

  it("links a signed-in account from the Account page; then SSO signs it in; the identity never moves to another account", async () => {
    const org = await makeOrg(["owner", "viewer"]);
    await withSso(org, idp);
    const viewer = org.actors.viewer;
    const sid = await createSession({ userId: viewer.userId, userAgent: "", address: "t", method: "password" });
    const { sessionVersion: sv } = await db.user.findUniqueOrThrow({ where: { id: viewer.userId } });
    mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId: viewer.userId, orgId: org.org.id, sv, sid });
    const login = `link-${uniq()}`;
    idp.setAccount(login, { email: `someone-else-${uniq()}@corp.example`, email_verified: true });

    const linked = await ssoFlow(org, login, { userId: viewer.userId, sessionId: sid, thenSignIn: false });
    expect(linked).toMatchObject({ location: `${ORIGIN}/account?sso=linked`, sessionToken: undefined });
    expect(await db.ssoIdentity.findMany({ where: { userId: viewer.userId } })).toMatchObject([{ subject: login, orgId: org.org.id }]);
    expect((await audit(org.org.id, "sso.link")).length).toBe(1);

    mockSession.mockResolvedValue(null);
    const signIn = await ssoFlow(org, login);
    expect((await sessionOf(signIn.sessionToken ?? "")).token.sub).toBe(viewer.userId);

    // The owner's session tries to link the viewer's identity to the owner: refused.
    const ownerSid = await createSession({ userId: org.actors.owner.userId, userAgent: "", address: "t", method: "password" });
    const owner = await db.user.findUniqueOrThrow({ where: { id: org.actors.owner.userId } });
    mockSession.mockResolvedValue({
      expires: "2099-01-01T00:00:00.000Z",
      userId: owner.id,
      orgId: org.org.id,
      sv: owner.sessionVersion,
      sid: ownerSid,
    });
    const stolen = await ssoFlow(org, login, { userId: owner.id, sessionId: ownerSid, thenSignIn: true });
    expect(stolen.location).toContain("reason=already_linked");
    // A link flow finished by another session than the one that started it.
    const other = `other-${uniq()}`;
    expect((await ssoFlow(org, other, { userId: viewer.userId, sessionId: sid, thenSignIn: false })).location).toContain(
      "reason=link_session",
    );
    expect(await db.ssoIdentity.count({ where: { subject: other } })).toBe(0);
  });
});

describe("password sign-in off", () => {
  it("blocks password sessions of non-owners in that organisation only; owners, tokens, SSO sessions and other organisations work", async () => {
    const x = await makeOrg(["owner", "editor"]);
    const y = await makeOrg(["owner"]);
    await withSso(x, idp, { allowPassword: false });
    const editor = x.actors.editor;
    await db.membership.create({ data: { orgId: y.org.id, userId: editor.userId, role: "viewer" } });
    await db.organization.update({ where: { id: x.org.id }, data: { require2fa: true } });

    const sessionFor = async (userId: string, orgId: string, ssoOrgId?: string) => {
      const sid = await createSession({ userId, userAgent: "", address: "t", method: ssoOrgId ? "sso" : "password", ssoOrgId });
      const { sessionVersion: sv } = await db.user.findUniqueOrThrow({ where: { id: userId } });
      mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId, orgId, sv, sid });
    };
    // A session-authenticated API call (the cookie's value is read through the mocked getServerSession).
    const sessionApi = () =>
      phonebooks.GET(new NextRequest("http://localhost/x", { headers: { cookie: "next-auth.session-token=x" } }), {
        params: Promise.resolve({}),
      });

    await sessionFor(editor.userId, x.org.id);
    const blocked = await getSessionActor();
    expect(blocked).toMatchObject({ orgId: x.org.id, mustUseSso: true });
    expect(() => assertRole(blocked, "viewer")).toThrow(/allows only sign-in with single sign-on/);
    const api = await sessionApi();
    expect(api.status).toBe(403);
    expect(JSON.stringify(await api.json())).toContain("single sign-on");
    // The same password session works in Y, and the editor's API token still works in X.
    await sessionFor(editor.userId, y.org.id);
    expect(await getSessionActor()).toMatchObject({ orgId: y.org.id, mustUseSso: false });
    expect((await sessionApi()).status).toBe(200);
    expect((await callRoute(phonebooks.GET, { token: editor.token })).status).toBe(200);
    // Owners keep password sign-in (break-glass); X's 2FA requirement still applies to their password session.
    await sessionFor(x.actors.owner.userId, x.org.id);
    expect(await getSessionActor()).toMatchObject({ role: "owner", mustUseSso: false, mustEnrollTwoFactor: true });
    // A session made through X's SSO is X's authentication (no 2FA asked), and works in X only.
    await sessionFor(editor.userId, y.org.id, x.org.id);
    expect(await getSessionActor()).toMatchObject({ orgId: x.org.id, mustUseSso: false, mustEnrollTwoFactor: false });
    expect((await sessionApi()).status).toBe(200);
  });
});

describe("moving an existing member to SSO", () => {
  it("a blocked password session continues with SSO: the account is linked, gets an SSO session, and the password session ends", async () => {
    const x = await makeOrg(["owner", "viewer"]);
    await withSso(x, idp, { allowPassword: false });
    const viewer = x.actors.viewer;
    const sid = await createSession({ userId: viewer.userId, userAgent: "", address: "t", method: "password" });
    const { sessionVersion: sv } = await db.user.findUniqueOrThrow({ where: { id: viewer.userId } });
    mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId: viewer.userId, orgId: x.org.id, sv, sid });
    expect(await getSessionActor()).toMatchObject({ mustUseSso: true });

    const login = `member-${uniq()}`;
    const res = await ssoFlow(x, login, { userId: viewer.userId, sessionId: sid, thenSignIn: true });
    expect(res.location).toBe(`${ORIGIN}/phonebooks`);
    const { token, session } = await sessionOf(res.sessionToken ?? "");
    expect(token.sub).toBe(viewer.userId);
    expect((await db.userSession.findUniqueOrThrow({ where: { id: sid } })).revokedAt).not.toBeNull();
    expect(await db.ssoIdentity.count({ where: { userId: viewer.userId, orgId: x.org.id, subject: login } })).toBe(1);
    // Still a viewer: linking never changes a role.
    mockSession.mockResolvedValue(session);
    expect(await getSessionActor()).toMatchObject({ orgId: x.org.id, role: "viewer", mustUseSso: false });
    expect((await audit(x.org.id, "sso.link")).length).toBe(1);
    expect((await audit(x.org.id, "sso.join")).length).toBe(0);
  });
});
