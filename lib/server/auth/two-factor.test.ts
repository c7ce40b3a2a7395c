import { generate } from "otplib";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getServerSession } from "next-auth";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import { db } from "@/lib/server/db";
import { setRequireTwoFactor } from "@/lib/server/organizations/organization-settings";
import { createToken } from "@/lib/server/tokens/create-token";
import { ZTokenCreate } from "@/lib/schemas/token";
import { callRoute } from "@/lib/test/api";
import { makeOrg, uniq } from "@/lib/test/fixtures";
import { assertRole, getSessionActor } from "./get-actor";
import { verifyLogin } from "./login";
import { hashPassword } from "./password";
import { createSession, hasRecentSecondFactor } from "./sessions";
import { confirmTwoFactor, disableTwoFactor, recoveryCodesLeft, startTwoFactor } from "./two-factor";

vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: vi.fn() }));
const mockSession = vi.mocked(getServerSession);
beforeEach(() => mockSession.mockReset());

const codeAt = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });
const from = () => `203.0.113.${Math.floor(Math.random() * 200)}-${uniq()}`;

async function enrolled() {
  const { org, actors } = await makeOrg(["owner", "editor"]);
  const user = actors.editor;
  await db.user.update({ where: { id: user.userId }, data: { passwordHash: await hashPassword("editor-password-1") } });
  const { secret, uri, qrDataUrl } = await startTwoFactor(user.userId);
  expect(uri).toContain(`secret=${secret}`);
  expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
  await expect(confirmTwoFactor(user.userId, "000000")).rejects.toMatchObject({ code: "invalid_input" });
  const { recoveryCodes } = await confirmTwoFactor(user.userId, await codeAt(secret, -30));
  return { org, actors, user, secret, recoveryCodes };
}

describe("two-factor authentication", () => {
  it("enrols with a QR code and a first code, stores the secret encrypted, and hands out 10 recovery codes once", async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(recoveryCodes.every((c) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(c))).toBe(true);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.userId }, include: { recoveryCodes: true } });
    expect(row.totpSecret).toMatch(/^v1\./);
    expect(row.totpSecret).not.toContain(secret);
    expect(row.totpPendingSecret).toBeNull();
    expect(JSON.stringify(row.recoveryCodes)).not.toContain(recoveryCodes[0]);
    await expect(startTwoFactor(user.userId)).rejects.toMatchObject({ code: "conflict" });
  });

  it("signs in with password then code; a code works once; a recovery code works once", async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    const address = from();
    expect(await verifyLogin(user.email, "editor-password-1", address)).toEqual({ ok: false, waitSeconds: 0, needsCode: "missing" });
    expect(await verifyLogin(user.email, "editor-password-1", address, "123456")).toMatchObject({ ok: false, needsCode: "wrong" });
    const code = await codeAt(secret);
    expect(await verifyLogin(user.email, "editor-password-1", address, code)).toMatchObject({ ok: true, secondFactor: true });
    // The same code again (a replay): refused.
    expect(await verifyLogin(user.email, "editor-password-1", address, code)).toMatchObject({ ok: false, needsCode: "wrong" });
    // A wrong password with a right code is still a wrong password.
    expect(await verifyLogin(user.email, "nope", from(), await codeAt(secret, 30))).toEqual({ ok: false, waitSeconds: 0 });

    const recovery = recoveryCodes[3] ?? "";
    expect(await verifyLogin(user.email, "editor-password-1", from(), recovery.toUpperCase())).toMatchObject({ ok: true });
    expect(await verifyLogin(user.email, "editor-password-1", from(), recovery)).toMatchObject({ ok: false, needsCode: "wrong" });
    expect(await recoveryCodesLeft(user.userId)).toBe(9);
  });

  it("counts wrong codes as failures, so codes cannot be brute-forced", async () => {
    const { user } = await enrolled();
    const address = from();
    const waits = [];
    for (let i = 0; i < 6; i++) {
      const r = await verifyLogin(user.email, "editor-password-1", address, String(100000 + i));
      waits.push(r.ok ? "ok" : r.waitSeconds);
    }
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 1]);
  });

  it("lets owners require it: members without it reach nothing but their account; tokens are unaffected", async () => {
    const { org, actors } = await makeOrg(["owner", "viewer"]);
    await expect(setRequireTwoFactor({ actor: actors.owner, required: true })).rejects.toMatchObject({ code: "conflict" });
    const { secret } = await startTwoFactor(actors.owner.userId);
    await confirmTwoFactor(actors.owner.userId, await codeAt(secret));
    expect(await setRequireTwoFactor({ actor: actors.owner, required: true })).toEqual({ withoutTwoFactor: 1 });
    await expect(setRequireTwoFactor({ actor: actors.viewer, required: false })).rejects.toMatchObject({ code: "forbidden" });

    const sid = await createSession({ userId: actors.viewer.userId, userAgent: "", address: "t", method: "password" });
    const { sessionVersion: sv } = await db.user.findUniqueOrThrow({ where: { id: actors.viewer.userId } });
    mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId: actors.viewer.userId, orgId: org.id, sv, sid });
    const actor = await getSessionActor();
    expect(actor).toMatchObject({ orgId: org.id, mustEnrollTwoFactor: true });
    expect(() => assertRole(actor, "viewer")).toThrow(/requires two-factor authentication/);
    // The viewer's API token still works.
    expect((await callRoute(phonebooks.GET, { token: actors.viewer.token })).status).toBe(200);
    // Once the viewer turns it on, the session works again.
    const enrol = await startTwoFactor(actors.viewer.userId);
    await confirmTwoFactor(actors.viewer.userId, await codeAt(enrol.secret));
    expect(await getSessionActor()).toMatchObject({ mustEnrollTwoFactor: false });
    await expect(disableTwoFactor(actors.viewer.userId, await codeAt(enrol.secret, 30))).rejects.toThrow(/require/);
    expect((await db.auditEvent.findMany({ where: { orgId: org.id, action: { in: ["2fa.enable", "organization.2fa"] } } })).length).toBe(3);
  });

  it("records the second factor on the session, and turns off only with a valid code", async () => {
    const { user, secret } = await enrolled();
    const withCode = await createSession({ userId: user.userId, userAgent: "", address: "t", method: "password", secondFactor: true });
    const without = await createSession({ userId: user.userId, userAgent: "", address: "t", method: "password" });
    expect(await hasRecentSecondFactor(withCode)).toBe(true);
    expect(await hasRecentSecondFactor(without)).toBe(false);
    await expect(disableTwoFactor(user.userId, "999999")).rejects.toMatchObject({ code: "invalid_input" });
    await disableTwoFactor(user.userId, await codeAt(secret, 30));
    expect(await db.user.findUniqueOrThrow({ where: { id: user.userId } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await recoveryCodesLeft(user.userId)).toBe(0);
  });

  it("creating an API token from a browser session needs 2FA and a recent second factor; tokens are unaffected", async () => {
    const { org, actors } = await makeOrg(["owner", "admin"]);
    const input = ZTokenCreate.parse({ name: "ci", scopes: ["read"] });
    const signInAs = async (secondFactor: boolean) => {
      const sid = await createSession({ userId: actors.admin.userId, userAgent: "", address: "t", method: "password", secondFactor });
      const { sessionVersion: sv } = await db.user.findUniqueOrThrow({ where: { id: actors.admin.userId } });
      mockSession.mockResolvedValue({ expires: "2099-01-01T00:00:00.000Z", userId: actors.admin.userId, orgId: org.id, sv, sid });
      return { ...actors.admin, via: "session" as const };
    };
    const noTwoFactor = await signInAs(false);
    await expect(createToken({ actor: noTwoFactor, input })).rejects.toThrow(/needs two-factor authentication/);

    const { secret } = await startTwoFactor(actors.admin.userId);
    await confirmTwoFactor(actors.admin.userId, await codeAt(secret, -30));
    const stale = await signInAs(false);
    await expect(createToken({ actor: stale, input })).rejects.toMatchObject({
      code: "invalid_input",
      details: { fields: [{ field: "code" }] },
    });
    await expect(createToken({ actor: stale, input, secondFactorCode: "000000" })).rejects.toThrow(/not right/);
    expect(await createToken({ actor: stale, input, secondFactorCode: await codeAt(secret) })).toMatchObject({ name: "ci" });
    // The session now has a recent second factor: no code needed for the next one.
    expect(await createToken({ actor: stale, input: { ...input, name: "ci-2" } })).toMatchObject({ name: "ci-2" });
    const fresh = await signInAs(true);
    expect(await createToken({ actor: fresh, input: { ...input, name: "ci-3" } })).toMatchObject({ name: "ci-3" });
    // A token creating a token is not asked.
    expect(await createToken({ actor: actors.owner, input: { ...input, name: "ci-4" } })).toMatchObject({ name: "ci-4" });
    expect(await db.apiToken.count({ where: { orgId: org.id, name: { startsWith: "ci" } } })).toBe(4);
  });
});
