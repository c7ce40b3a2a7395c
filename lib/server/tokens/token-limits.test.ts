import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditExport from "@/app/api/v1/audit/export/route";
import * as phonebook from "@/app/api/v1/phonebooks/[name]/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as pops from "@/app/api/v1/phonebooks/[name]/pops/route";
import * as publish from "@/app/api/v1/phonebooks/[name]/publish/route";
import * as versions from "@/app/api/v1/phonebooks/[name]/versions/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as item from "@/app/api/v1/tokens/[id]/route";
import * as tokens from "@/app/api/v1/tokens/route";
import { phonebookKey } from "@/lib/phonebook/phonebook-name";
import { SOCKET_ADDRESS_HEADER } from "@/lib/server/auth/client-address";
import { db } from "@/lib/server/db";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { revokeToken } from "@/lib/server/tokens/revoke-token";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";

type TOrg = Awaited<ReturnType<typeof makeOrg>>;
type TError = { code: string; message: string; details: { fields?: { field: string; message: string }[] } | null };
type TSummary = {
  id: string;
  token: string;
  scopes: string[];
  phonebooks: string[] | null;
  expiresAt: string | null;
  status: string;
  isActive: boolean;
  lastUsedAt: string | null;
  lastUsedAddress: string | null;
  canRevoke: boolean;
};
const errorOf = (res: { json: Record<string, unknown> }) => res.json.error as TError;
const DAY = 86_400_000;
const CSV = (indexes: number[]) =>
  `popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment\r\n${indexes
    .map((i) => `${i},1,,City${i},425,555${i},,,0,,true,`)
    .join("\r\n")}\r\n`;

let org: TOrg;

const create = (token: string, body: Record<string, unknown>) => callRoute(tokens.POST, { method: "POST", token, body });
/** Creates a token with the fixture admin's token; fails the test unless 201. */
async function created(body: Record<string, unknown>, token = org.actors.admin.token): Promise<TSummary> {
  const res = await create(token, { name: "t", ...body });
  expect(res.status, res.text).toBe(201);
  return res.json as unknown as TSummary;
}
async function makeBook(name = pbName()): Promise<{ name: string; id: string }> {
  expect((await callRoute(phonebooks.POST, { method: "POST", token: org.actors.admin.token, body: { name } })).status).toBe(201);
  const row = await db.phonebook.findFirstOrThrow({ where: { orgId: org.org.id, nameKey: phonebookKey(name) } });
  return { name, id: row.id };
}

beforeAll(async () => {
  setStorageForTests(new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-token-limits-"))));
  org = await makeOrg(["owner", "admin", "editor", "viewer"]);
});
afterAll(() => setStorageForTests(undefined));

describe("API token expiry", () => {
  it("defaults to 90 days, takes 7/30/90/365 days, a date or never, and refuses the rest", async () => {
    const now = Date.now();
    const near = (iso: string | null, days: number) =>
      expect(Math.abs(new Date(iso ?? 0).getTime() - (now + days * DAY))).toBeLessThan(60_000);
    const byDefault = await created({});
    near(byDefault.expiresAt, 90);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: byDefault.id } })).expiresAt?.toISOString()).toBe(byDefault.expiresAt);
    for (const days of [7, 30, 365]) near((await created({ expiresInDays: days })).expiresAt, days);
    const never = await created({ expiresInDays: null });
    expect(never.expiresAt).toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: never.id } })).expiresAt).toBeNull();
    expect((await created({ expiresAt: null })).expiresAt).toBeNull();
    expect((await created({ expiresAt: "2027-01-31T12:00:00+01:00" })).expiresAt).toBe("2027-01-31T11:00:00.000Z");

    const bad: [Record<string, unknown>, string][] = [
      [{ expiresInDays: 0 }, "expiresInDays"],
      [{ expiresInDays: 3651 }, "expiresInDays"],
      [{ expiresInDays: 1.5 }, "expiresInDays"],
      [{ expiresInDays: "30" }, "expiresInDays"],
      [{ expiresAt: "tomorrow" }, "expiresAt"],
      [{ expiresAt: new Date(now - 60_000).toISOString() }, "expiresAt"],
      [{ expiresAt: new Date(now + 3651 * DAY).toISOString() }, "expiresAt"],
      [{ expiresInDays: 7, expiresAt: null }, "expiresAt"],
    ];
    const before = await db.apiToken.count({ where: { orgId: org.org.id } });
    for (const [body, field] of bad) {
      const res = await create(org.actors.admin.token, { name: "bad-expiry", ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res).details?.fields?.[0]?.field, JSON.stringify(body)).toBe(field);
    }
    expect(await db.apiToken.count({ where: { orgId: org.org.id } })).toBe(before);
  });

  it("an expired token gets 401 naming the date, records no use, and is listed as expired", async () => {
    const token = await created({ expiresInDays: 7 });
    expect((await callRoute(phonebooks.GET, { token: token.token })).status).toBe(200);
    const expiredAt = new Date("2026-11-30T08:15:00Z");
    await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: expiredAt, lastUsedAt: new Date(Date.now() - 3_600_000) } });
    const lastUsed = (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;

    for (const res of [
      await callRoute(phonebooks.GET, { token: token.token }),
      await callRoute(phonebooks.POST, { method: "POST", token: token.token, body: { name: pbName() } }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.json).toEqual({
        error: { code: "unauthorized", message: "This API token expired on 2026-11-30 08:15 UTC; create a new one.", details: null },
      });
    }
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).toEqual(lastUsed);
    const listed = ((await callRoute(tokens.GET, { token: org.actors.admin.token })).json.tokens as TSummary[]).find(
      (t) => t.id === token.id,
    );
    expect(listed).toMatchObject({ status: "expired", isActive: false, expiresAt: expiredAt.toISOString(), canRevoke: true });
  });

  it("a token creates tokens that expire no later than itself", async () => {
    const parent = await created({ scopes: ["read", "admin"], expiresInDays: 30 });
    const longer = await create(parent.token, { name: "child", scopes: ["read"], expiresInDays: 90 });
    expect(longer.status).toBe(403);
    expect(errorOf(longer).message).toMatch(
      /^This API token expires on \d{4}-\d\d-\d\d \d\d:\d\d UTC; a token it creates must expire by then/,
    );
    expect((await create(parent.token, { name: "child", scopes: ["read"], expiresInDays: null })).status).toBe(403);
    const wider = await create(parent.token, { name: "child", scopes: ["read", "write"], expiresInDays: 7 });
    expect(wider.status).toBe(403);
    expect(errorOf(wider).message).toContain("cannot create a token with the write scope: it has only read, admin");
    expect((await create(parent.token, { name: "child", scopes: ["read"], expiresInDays: 7 })).status).toBe(201);
  });
});

describe("API tokens limited to phone books", () => {
  it("see only their phone books: 404 like a missing one elsewhere, lists filtered, writes and publishes on theirs", async () => {
    const [mine, theirs] = [await makeBook(), await makeBook()];
    const limited = await created({
      name: "limited",
      scopes: ["read", "write", "publish", "admin"],
      phonebooks: [mine.name.toLowerCase()],
    });
    expect(limited.phonebooks).toEqual([mine.name]);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: limited.id } })).phonebookIds).toEqual([mine.id]);
    const token = limited.token;

    const list = await callRoute(phonebooks.GET, { token });
    expect((list.json.phonebooks as { name: string }[]).map((p) => p.name)).toEqual([mine.name]);
    expect(((await callRoute(phonebooks.GET, { token: org.actors.admin.token })).json.phonebooks as unknown[]).length).toBeGreaterThan(1);

    // Another phone book answers exactly like one that does not exist (no existence oracle).
    const other = await callRoute(phonebook.GET, { token, params: { name: theirs.name } });
    const missing = await callRoute(phonebook.GET, { token, params: { name: "NOSUCH9" } });
    expect(other.status).toBe(404);
    expect(other.text.replace(theirs.name, "<pb>")).toBe(missing.text.replace("NOSUCH9", "<pb>"));
    expect((await callRoute(versions.GET, { token, params: { name: theirs.name } })).status).toBe(404);
    const importElsewhere = await callRoute(imports.POST, {
      method: "POST",
      token,
      params: { name: theirs.name },
      rawBody: CSV([1]),
      contentType: "text/csv",
    });
    expect(importElsewhere.status).toBe(404);
    expect((await callRoute(publish.POST, { method: "POST", token, params: { name: theirs.name } })).status).toBe(404);
    expect((await callRoute(phonebook.DELETE, { method: "DELETE", token, params: { name: theirs.name } })).status).toBe(404);
    expect(await db.pop.count({ where: { phonebookId: theirs.id } })).toBe(0);
    expect(await db.phonebook.count({ where: { id: theirs.id } })).toBe(1);

    // Its own phone book: import, then publish.
    const imported = await callRoute(imports.POST, {
      method: "POST",
      token,
      params: { name: mine.name },
      rawBody: CSV([1, 2]),
      contentType: "text/csv",
    });
    expect(imported.status, imported.text).toBe(200);
    expect(await db.pop.count({ where: { phonebookId: mine.id } })).toBe(2);
    const published = await callRoute(publish.POST, { method: "POST", token, params: { name: mine.name } });
    expect(published.status, published.text).toBe(201);
    expect(await db.version.count({ where: { phonebookId: mine.id } })).toBe(1);

    // Nothing for the whole organisation: no new phone book, and the audit log of its books only.
    const createBook = await callRoute(phonebooks.POST, { method: "POST", token, body: { name: pbName() } });
    expect(createBook.status).toBe(403);
    expect(errorOf(createBook).message).toContain("limited to some phone books; creating a phone book needs a token for all phone books");
    const audit = await callRoute(auditExport.GET, { token, path: "/x?format=jsonl" });
    expect(audit.status).toBe(200);
    const events = audit.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { phonebookId: string | null; phonebook: string | null });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.phonebookId))).toEqual(new Set([mine.id]));
    expect(audit.text).not.toContain(theirs.name);

    // Deleting its phone book never widens it to all of them.
    expect((await callRoute(phonebook.DELETE, { method: "DELETE", token, params: { name: mine.name } })).status).toBe(200);
    expect((await callRoute(phonebooks.GET, { token })).json.phonebooks).toEqual([]);
    expect((await callRoute(phonebook.GET, { token, params: { name: theirs.name } })).status).toBe(404);
    const listed = ((await callRoute(tokens.GET, { token: org.actors.admin.token })).json.tokens as TSummary[]).find(
      (t) => t.id === limited.id,
    );
    expect(listed?.phonebooks).toEqual(["(deleted)"]);
  });

  it("names phone books of the caller's organisation only: unknown names answer 400 naming them", async () => {
    const mine = await makeBook();
    const foreign = await makeOrg(["admin"]);
    const foreignName = pbName();
    await callRoute(phonebooks.POST, { method: "POST", token: foreign.actors.admin.token, body: { name: foreignName } });
    const before = await db.apiToken.count({ where: { orgId: org.org.id } });

    const res = await create(org.actors.admin.token, { name: "x", phonebooks: [mine.name, "NOPE1", foreignName, "bad name!"] });
    expect(res.status).toBe(400);
    expect(errorOf(res).message).toBe(`No phone book named "NOPE1", "${foreignName}", "bad name!" in this organisation`);
    expect(errorOf(res).details?.fields?.[0]?.field).toBe("phonebooks");
    expect(await db.apiToken.count({ where: { orgId: org.org.id } })).toBe(before);

    // A limited token creates only tokens limited to (some of) its own phone books.
    const other = await makeBook();
    const parent = await created({ scopes: ["read", "admin"], phonebooks: [mine.name] });
    const unlimited = await create(parent.token, { name: "child", scopes: ["read"], expiresInDays: 7 });
    expect(unlimited.status).toBe(403);
    expect(errorOf(unlimited).message).toContain("a token it creates must name them in phonebooks");
    const outside = await create(parent.token, { name: "child", scopes: ["read"], phonebooks: [other.name], expiresInDays: 7 });
    expect(outside.status).toBe(400);
    expect(errorOf(outside).message).toContain(`"${other.name}"`);
    const inside = await create(parent.token, { name: "child", scopes: ["read"], phonebooks: [mine.name], expiresInDays: 7 });
    expect(inside.status, inside.text).toBe(201);
    expect(inside.json.phonebooks).toEqual([mine.name]);
  });
});

describe("revoking API tokens", () => {
  it("admins revoke anyone's but an owner's; owners revoke every one; other organisations' answer 404", async () => {
    const ownerToken = await created({ name: "owner-ci", scopes: ["read"] }, org.actors.owner.token);
    const editorToken = await db.apiToken.findFirstOrThrow({ where: { userId: org.actors.editor.userId } });

    const listed = ((await callRoute(tokens.GET, { token: org.actors.admin.token })).json.tokens as TSummary[]).find(
      (t) => t.id === ownerToken.id,
    );
    expect(listed?.canRevoke).toBe(false);
    const denied = await callRoute(item.DELETE, { method: "DELETE", token: org.actors.admin.token, params: { id: ownerToken.id } });
    expect(denied.status).toBe(403);
    expect(errorOf(denied).message).toBe(
      `Only an owner can revoke an owner's API token ("owner-ci" belongs to ${org.actors.owner.email}, an owner).`,
    );
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: ownerToken.id } })).revokedAt).toBeNull();
    expect((await callRoute(phonebooks.GET, { token: ownerToken.token })).status).toBe(200);

    const byAdmin = await callRoute(item.DELETE, { method: "DELETE", token: org.actors.admin.token, params: { id: editorToken.id } });
    expect(byAdmin.status).toBe(200);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: editorToken.id } })).revokedAt).toBeInstanceOf(Date);

    const byOwner = await callRoute(item.DELETE, { method: "DELETE", token: org.actors.owner.token, params: { id: ownerToken.id } });
    expect(byOwner.status).toBe(200);
    expect(byOwner.json).toMatchObject({ status: "revoked", isActive: false });
    expect((await callRoute(phonebooks.GET, { token: ownerToken.token })).status).toBe(401);
    const adminOwn = await created({ name: "admin-own" });
    expect((await callRoute(item.DELETE, { method: "DELETE", token: org.actors.owner.token, params: { id: adminOwn.id } })).status).toBe(
      200,
    );

    const foreign = await makeOrg(["owner"]);
    const foreignToken = await db.apiToken.findFirstOrThrow({ where: { orgId: foreign.org.id } });
    const cross = await callRoute(item.DELETE, { method: "DELETE", token: org.actors.owner.token, params: { id: foreignToken.id } });
    expect(cross.status).toBe(404);
    expect(errorOf(cross).message).toBe("API token not found");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: foreignToken.id } })).revokedAt).toBeNull();

    const audit = await db.auditEvent.findMany({ where: { orgId: org.org.id, action: "token.revoke" } });
    expect(audit.map((a) => a.entityId).sort()).toEqual([adminOwn.id, editorToken.id, ownerToken.id].sort());
  });

  it("any member revokes their own tokens, and only those", async () => {
    const viewer = { ...org.actors.viewer, via: "session" as const };
    const own = await db.apiToken.findFirstOrThrow({ where: { userId: viewer.userId } });
    const someoneElses = await db.apiToken.findFirstOrThrow({ where: { userId: org.actors.admin.userId, revokedAt: null } });
    await expect(revokeToken({ actor: viewer, tokenId: someoneElses.id })).rejects.toMatchObject({
      code: "forbidden",
      message: "You can revoke only your own API tokens; revoking others' needs the admin role (you are viewer).",
    });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: someoneElses.id } })).revokedAt).toBeNull();
    expect(await revokeToken({ actor: viewer, tokenId: own.id })).toMatchObject({ id: own.id, status: "revoked" });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: own.id } })).revokedAt).toBeInstanceOf(Date);
  });
});

describe("last use of an API token", () => {
  /** Counts the UPDATEs of one api_token row from now on (a trigger of this test database). */
  async function countWrites(tokenId: string): Promise<() => Promise<number>> {
    if (!/^[0-9a-f-]{36}$/.test(tokenId)) throw new Error("not a uuid");
    const trigger = `test_writes_${tokenId.replace(/-/g, "")}`;
    await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS test_token_write (token_id UUID NOT NULL)`);
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION test_token_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO test_token_write VALUES (NEW.id); RETURN NEW; END $$`,
    );
    await db.$executeRawUnsafe(
      `CREATE TRIGGER ${trigger} AFTER UPDATE ON api_token FOR EACH ROW WHEN (NEW.id = '${tokenId}'::uuid) EXECUTE FUNCTION test_token_write()`,
    );
    return async () => {
      const [row] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM test_token_write WHERE token_id = ${tokenId}::uuid`;
      return Number(row?.n ?? -1);
    };
  }

  it("records the time and client address, at most once a minute, and shows them in the list", async () => {
    const token = await created({ name: "ci-from" });
    const writes = await countWrites(token.id);
    const use = (address: string, extra: Record<string, string> = {}) =>
      callRoute(phonebooks.GET, { token: token.token, headers: { [SOCKET_ADDRESS_HEADER]: address, ...extra } });
    const row = () => db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(await row()).toMatchObject({ lastUsedAt: null, lastUsedAddress: null });

    // The client's own X-Forwarded-For is not trusted (TRUST_PROXY is off): the socket address counts.
    expect((await use("::ffff:203.0.113.7", { "x-forwarded-for": "10.9.9.9" })).status).toBe(200);
    const first = await row();
    expect(first.lastUsedAddress).toBe("203.0.113.7");
    expect(Date.now() - (first.lastUsedAt?.getTime() ?? 0)).toBeLessThan(10_000);
    expect(await writes()).toBe(1);

    // Within the minute: no write, whatever the address.
    for (let i = 0; i < 5; i++) expect((await use("198.51.100.2")).status).toBe(200);
    expect(await row()).toMatchObject({ lastUsedAt: first.lastUsedAt, lastUsedAddress: "203.0.113.7" });
    expect(await writes()).toBe(1);

    // A minute later the next use is recorded.
    const minuteAgo = new Date(Date.now() - 61_000);
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: minuteAgo } });
    expect((await use("198.51.100.2")).status).toBe(200);
    const later = await row();
    expect(later.lastUsedAddress).toBe("198.51.100.2");
    expect(later.lastUsedAt?.getTime()).toBeGreaterThan(minuteAgo.getTime() + 30_000);
    expect(await writes()).toBe(3); // the test's own update, then one use

    const listed = ((await callRoute(tokens.GET, { token: org.actors.admin.token })).json.tokens as TSummary[]).find(
      (t) => t.id === token.id,
    );
    expect(listed).toMatchObject({ lastUsedAt: later.lastUsedAt?.toISOString(), lastUsedAddress: "198.51.100.2" });
  });

  it("concurrent first uses of a minute write once between them", async () => {
    const token = await created({ name: "burst" });
    const writes = await countWrites(token.id);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        callRoute(pops.GET, { token: token.token, params: { name: "NOSUCH1" }, headers: { [SOCKET_ADDRESS_HEADER]: `192.0.2.${i + 1}` } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(404));
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAddress).toMatch(/^192\.0\.2\.[1-8]$/);
    expect(await writes()).toBe(1);
  });
});
