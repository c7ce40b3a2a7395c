import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sso from "@/app/api/v1/sso/route";
import { createSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg } from "@/lib/test/fixtures";
import { startTestIdp, type TTestIdp } from "@/lib/test/oidc-idp";
import { issuerProblem } from "./issuer-url";

let idp: TTestIdp;
beforeAll(async () => {
  idp = await startTestIdp({ redirectUris: ["http://localhost/api/auth/sso/callback"] });
});
afterAll(() => idp.close());

const put = (token: string, body: unknown) => callRoute(sso.PUT, { method: "PUT", token, body });
const fieldsOf = (res: { json: Record<string, unknown> }) =>
  ((res.json.error as { details?: { fields?: { field: string; message: string }[] } }).details?.fields ?? []).map((f) => f.field);

describe("issuer URLs", () => {
  it("takes https, and http only on loopback when allowed", () => {
    expect(issuerProblem("https://login.example.com/tenant/v2.0", false)).toBeNull();
    expect(issuerProblem("http://127.0.0.1:4000", true)).toBeNull();
    expect(issuerProblem("http://localhost:4000", true)).toBeNull();
    expect(issuerProblem("http://[::1]:4000", true)).toBeNull();
    expect(issuerProblem("http://127.0.0.1:4000", false)).toMatch(/turned off/);
    expect(issuerProblem("http://idp.example.com", true)).toMatch(/must use https/);
    expect(issuerProblem("http://10.0.0.1", true)).toMatch(/must use https/);
    expect(issuerProblem("https://u:p@idp.example.com", true)).toMatch(/credentials/);
    expect(issuerProblem("ftp://idp.example.com", true)).toMatch(/must use https/);
  });
});

describe("PUT/GET/DELETE /api/v1/sso", () => {
  it("saves after discovery, never returns the secret, stores it sealed, and audits", async () => {
    const { org, actors } = await makeOrg(["owner"]);
    const token = actors.owner.token;
    const empty = await callRoute(sso.GET, { token });
    expect(empty.json.sso).toBeNull();
    expect(empty.json.redirectUri).toMatch(/\/api\/auth\/sso\/callback$/);

    const body = {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      defaultRole: "editor",
      allowPassword: false,
    };
    const saved = await put(token, body);
    expect(saved.status).toBe(200);
    expect(saved.json.sso).toMatchObject({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: "set",
      defaultRole: "editor",
      allowPassword: false,
      enabled: true,
    });
    expect(saved.text).not.toContain(idp.clientSecret);
    const row = await db.ssoConfig.findUniqueOrThrow({ where: { orgId: org.id } });
    expect(row.clientSecret).toMatch(/^v1\./);
    expect(row.clientSecret).not.toContain(idp.clientSecret);
    const read = await callRoute(sso.GET, { token });
    expect(read.text).not.toContain(idp.clientSecret);
    expect(read.json.sso).toMatchObject({ clientSecret: "set" });

    // Without a secret the stored one is kept (discovery still runs).
    expect((await put(token, { ...body, clientSecret: undefined, allowPassword: true })).status).toBe(200);
    expect((await db.ssoConfig.findUniqueOrThrow({ where: { orgId: org.id } })).allowPassword).toBe(true);

    const audits = await db.auditEvent.findMany({ where: { orgId: org.id, action: "sso.configure" }, orderBy: { createdAt: "asc" } });
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain(idp.clientSecret);
    expect(audits[1]?.after).toMatchObject({ clientSecretChanged: false });
  });

  it("answers 400 naming the field for a bad issuer, a silent issuer, an owner default role or a missing secret", async () => {
    const { actors } = await makeOrg(["owner"]);
    const token = actors.owner.token;
    const base = { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret };
    const notHttps = await put(token, { ...base, issuer: "http://idp.example.com" });
    expect([notHttps.status, fieldsOf(notHttps)]).toEqual([400, ["issuer"]]);
    const silent = await put(token, { ...base, issuer: "http://127.0.0.1:9" });
    expect([silent.status, fieldsOf(silent)]).toEqual([400, ["issuer"]]);
    expect(JSON.stringify(silent.json)).toContain("did not answer OpenID Connect discovery");
    const notAnIdp = await put(token, { ...base, issuer: `${idp.issuer}/elsewhere` });
    expect([notAnIdp.status, fieldsOf(notAnIdp)]).toEqual([400, ["issuer"]]);
    const owner = await put(token, { ...base, defaultRole: "owner" });
    expect([owner.status, fieldsOf(owner)]).toEqual([400, ["defaultRole"]]);
    const noSecret = await put(token, { ...base, clientSecret: "" });
    expect([noSecret.status, fieldsOf(noSecret)]).toEqual([400, ["clientSecret"]]);
    const noId = await put(token, { ...base, clientId: " " });
    expect([noId.status, fieldsOf(noId)]).toEqual([400, ["clientId"]]);
  });

  it("is owner-only; delete ends SSO sessions and is audited", async () => {
    const { org, actors } = await makeOrg(["owner", "admin"]);
    const body = { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret };
    expect((await put(actors.admin.token, body)).status).toBe(403);
    expect((await callRoute(sso.GET, { token: actors.admin.token })).status).toBe(403);
    expect((await callRoute(sso.DELETE, { method: "DELETE", token: actors.owner.token })).status).toBe(404);
    expect((await put(actors.owner.token, body)).status).toBe(200);
    const sid = await createSession({ userId: actors.admin.userId, userAgent: "", address: "t", method: "sso", ssoOrgId: org.id });
    expect((await callRoute(sso.DELETE, { method: "DELETE", token: actors.admin.token })).status).toBe(403);
    expect((await callRoute(sso.DELETE, { method: "DELETE", token: actors.owner.token })).json).toEqual({ deleted: true });
    expect((await db.userSession.findUniqueOrThrow({ where: { id: sid } })).revokedAt).not.toBeNull();
    expect(await db.ssoConfig.count({ where: { orgId: org.id } })).toBe(0);
    expect((await db.auditEvent.findMany({ where: { orgId: org.id, action: "sso.delete" } })).length).toBe(1);
  });
});
