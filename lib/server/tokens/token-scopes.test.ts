import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as members from "@/app/api/v1/members/[userId]/route";
import * as phonebook from "@/app/api/v1/phonebooks/[name]/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as pops from "@/app/api/v1/phonebooks/[name]/pops/route";
import * as adopt from "@/app/api/v1/phonebooks/[name]/adopt/route";
import * as publish from "@/app/api/v1/phonebooks/[name]/publish/route";
import * as restore from "@/app/api/v1/phonebooks/[name]/versions/[version]/restore/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as tokens from "@/app/api/v1/tokens/route";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { phonebookKey } from "@/lib/phonebook/phonebook-name";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import type { TApiRequirement } from "@/lib/server/with-api";

// Session callers come through getSessionActor; it is replaced here so the same routes can be
// called as a signed-in browser (with a session cookie and the app's own origin).
const session = vi.hoisted(() => ({ actor: null as TActor | null }));
// The second factor that browser sessions need to create tokens is tested in lib/server/auth/two-factor.test.ts.
vi.mock("@/lib/server/auth/recent-second-factor", () => ({ assertRecentSecondFactor: () => Promise.resolve() }));
vi.mock("@/lib/server/auth/get-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/get-actor")>()),
  getSessionActor: () => Promise.resolve(session.actor),
}));

type TOrg = Awaited<ReturnType<typeof makeOrg>>;
type TError = { code: string; message: string; details: { missingScope?: string; fields?: { field: string }[] } | null };
const errorOf = (res: { json: Record<string, unknown> }) => res.json.error as TError;
const SESSION_HEADERS = { cookie: "next-auth.session-token=x", origin: "http://localhost", host: "localhost" };
const CSV = (indexes: number[]) =>
  `popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment\r\n${indexes
    .map((i) => `${i},1,,City${i},425,555${i},,,0,,true,`)
    .join("\r\n")}\r\n`;
const popBody = (popIndex: number) => ({ popIndex, countryCode: 1, name: `City${popIndex}`, accessNumber: `555${popIndex}` });

let org: TOrg;

/** A token of `who` with these scopes, created through the API by an admin token (the fixture's). */
async function tokenWith(scopes: string[], who: "owner" | "admin" = "admin"): Promise<string> {
  const res = await callRoute(tokens.POST, {
    method: "POST",
    token: org.actors[who].token,
    body: { name: `t-${scopes.join("-")}`, scopes },
  });
  expect(res.status, res.text).toBe(201);
  return res.json.token as string;
}

/** A phone book with two POPs and one published version. */
async function publishedBook(): Promise<{ name: string; id: string }> {
  const name = pbName();
  const admin = org.actors.admin.token;
  expect((await callRoute(phonebooks.POST, { method: "POST", token: admin, body: { name } })).status).toBe(201);
  for (const i of [1, 2])
    expect((await callRoute(pops.POST, { method: "POST", token: admin, params: { name }, body: popBody(i) })).status).toBe(201);
  expect((await callRoute(publish.POST, { method: "POST", token: admin, params: { name } })).status).toBe(201);
  const row = await db.phonebook.findFirstOrThrow({ where: { orgId: org.org.id, nameKey: phonebookKey(name) } });
  return { name, id: row.id };
}

beforeAll(async () => {
  setStorageForTests(new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-scopes-"))));
  org = await makeOrg(["owner", "admin", "editor", "viewer"]);
});
afterAll(() => setStorageForTests(undefined));

describe("API token scopes", () => {
  it("every API route declares the role and the scope it needs", async () => {
    const root = path.resolve(import.meta.dirname, "../../../app/api/v1");
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith("route.ts")).sort();
    const found: Record<string, string> = {};
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, { requirement?: TApiRequirement }>;
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const requirement = mod[method]?.requirement;
        if (mod[method])
          found[`${method} ${file.replace(/\/?route\.ts$/, "")}`] = requirement ? `${requirement.role} ${requirement.scope}` : "none";
      }
    }
    expect(found).toEqual({
      "GET audit/export": "viewer read",
      "DELETE invitations/[id]": "admin admin",
      "GET invitations": "admin admin",
      "POST invitations": "admin admin",
      "PATCH members/[userId]": "admin admin",
      "DELETE members/[userId]": "admin admin",
      "GET members": "viewer read",
      "POST members": "admin admin",
      "GET phonebooks": "viewer read",
      "POST phonebooks": "admin admin",
      "GET phonebooks/[name]": "viewer read",
      "PATCH phonebooks/[name]": "admin admin",
      "DELETE phonebooks/[name]": "admin admin",
      "GET phonebooks/[name]/export.csv": "viewer read",
      "POST phonebooks/[name]/imports": "editor write",
      "GET phonebooks/[name]/pops": "viewer read",
      "POST phonebooks/[name]/pops": "editor write",
      "GET phonebooks/[name]/pops/[popIndex]": "viewer read",
      "PATCH phonebooks/[name]/pops/[popIndex]": "editor write",
      "DELETE phonebooks/[name]/pops/[popIndex]": "editor write",
      "POST phonebooks/[name]/pops/bulk": "editor write",
      "POST phonebooks/[name]/adopt": "admin publish",
      "POST phonebooks/[name]/publish": "admin publish",
      "GET phonebooks/[name]/regions": "viewer read",
      "POST phonebooks/[name]/regions": "editor write",
      "PATCH phonebooks/[name]/regions/[id]": "editor write",
      "DELETE phonebooks/[name]/regions/[id]": "editor write",
      "GET phonebooks/[name]/versions": "viewer read",
      "GET phonebooks/[name]/versions/[version]/bundle.zip": "viewer read",
      "GET phonebooks/[name]/versions/[version]/files/[file]": "viewer read",
      "POST phonebooks/[name]/versions/[version]/restore": "admin publish",
      "GET tokens": "viewer admin",
      "POST tokens": "viewer admin",
      "DELETE tokens/[id]": "viewer admin",
      "GET sso": "owner admin",
      "PUT sso": "owner admin",
      "DELETE sso": "owner admin",
    });
  });

  it("read, write, publish and admin each open their own routes and only those (403 naming the scope)", async () => {
    const book = await publishedBook();
    const [read, write, publishOnly, adminOnly, allButPublish, allButAdmin] = await Promise.all([
      tokenWith(["read"]),
      tokenWith(["write"]),
      tokenWith(["publish"]),
      tokenWith(["admin"]),
      tokenWith(["read", "write", "admin"]),
      tokenWith(["read", "write", "publish"]),
    ]);
    const refused = (res: Awaited<ReturnType<typeof callRoute>>, scope: string) => {
      expect(res.status, res.text).toBe(403);
      expect(errorOf(res).code).toBe("forbidden");
      expect(errorOf(res).message).toContain(`lacks the "${scope}" scope`);
      expect(errorOf(res).details?.missingScope).toBe(scope);
    };
    const params = { name: book.name };
    const popCount = () => db.pop.count({ where: { phonebookId: book.id } });
    const versionCount = () => db.version.count({ where: { phonebookId: book.id } });

    // read
    expect((await callRoute(phonebook.GET, { token: read, params })).json).toMatchObject({ name: book.name, popCount: 2 });
    refused(await callRoute(phonebook.GET, { token: write, params }), "read");
    refused(await callRoute(pops.GET, { token: adminOnly, params }), "read");

    // write: one POP, then an import
    refused(await callRoute(pops.POST, { method: "POST", token: read, params, body: popBody(3) }), "write");
    refused(
      await callRoute(imports.POST, { method: "POST", token: publishOnly, params, rawBody: CSV([4]), contentType: "text/csv" }),
      "write",
    );
    expect(await popCount()).toBe(2);
    expect((await callRoute(pops.POST, { method: "POST", token: write, params, body: popBody(3) })).status).toBe(201);
    const imported = await callRoute(imports.POST, { method: "POST", token: write, params, rawBody: CSV([4, 5]), contentType: "text/csv" });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toMatchObject({ added: 2 });
    expect(await popCount()).toBe(5);

    // publish: a new version, then a restore of version 1 (itself published as a new version)
    refused(await callRoute(publish.POST, { method: "POST", token: allButPublish, params }), "publish");
    refused(await callRoute(restore.POST, { method: "POST", token: adminOnly, params: { ...params, version: "1" } }), "publish");
    expect(await versionCount()).toBe(1);
    const published = await callRoute(publish.POST, { method: "POST", token: publishOnly, params });
    expect(published.status, published.text).toBe(201);
    expect(published.json.version).toBe(2);
    const restored = await callRoute(restore.POST, { method: "POST", token: publishOnly, params: { ...params, version: "1" } });
    expect(restored.status, restored.text).toBe(201);
    expect(restored.json.version).toBe(3);
    expect(await versionCount()).toBe(3);
    const inService = await db.pop.findMany({ where: { phonebookId: book.id, inService: true }, orderBy: { popIndex: "asc" } });
    expect(inService.map((p) => p.popIndex)).toEqual([1, 2]);
    expect(await db.auditEvent.count({ where: { phonebookId: book.id, action: "version.restore" } })).toBe(1);

    // admin: phone books, members, tokens
    const name = pbName();
    refused(await callRoute(phonebooks.POST, { method: "POST", token: allButAdmin, body: { name } }), "admin");
    refused(
      await callRoute(members.PATCH, {
        method: "PATCH",
        token: allButAdmin,
        params: { userId: org.actors.viewer.userId },
        body: { role: "editor" },
      }),
      "admin",
    );
    refused(await callRoute(tokens.GET, { token: allButAdmin }), "admin");
    expect(await db.phonebook.count({ where: { orgId: org.org.id, nameKey: phonebookKey(name) } })).toBe(0);
    expect((await db.membership.findFirstOrThrow({ where: { userId: org.actors.viewer.userId } })).role).toBe("viewer");
    expect((await callRoute(phonebooks.POST, { method: "POST", token: adminOnly, body: { name } })).status).toBe(201);
    expect((await callRoute(tokens.GET, { token: adminOnly })).status).toBe(200);
    // admin is not a superset: an admin-only token cannot edit POPs.
    refused(await callRoute(pops.POST, { method: "POST", token: adminOnly, params, body: popBody(9) }), "write");

    // adopt (publish): into the empty phone book just made, which clients are then served.
    const legacy = () => {
      const form = new FormData();
      form.append("pbk", new Blob(["1,1,0,Leeds,113,5550100,,,0,0,\r\n"]), "OLD.PBK");
      form.append("pbr", new Blob(["0\r\n"]), "OLD.PBR");
      return form;
    };
    const adoptIn = (token: string) =>
      callRoute(adopt.POST, { method: "POST", token, params: { name }, path: "/x?version=4", rawBody: legacy() });
    refused(await adoptIn(allButPublish), "publish");
    const adopted = await adoptIn(publishOnly);
    expect(adopted.status, adopted.text).toBe(201);
    expect(adopted.json).toMatchObject({ version: 4, pops: 1 });
  });

  it("a token acts within its user's current role: a demotion narrows it at once, a promotion restores it", async () => {
    const book = await publishedBook();
    const other = await makeOrg(["owner", "admin"]);
    const all = await callRoute(tokens.POST, {
      method: "POST",
      token: other.actors.admin.token,
      body: { name: "everything", scopes: ["read", "write", "publish", "admin"] },
    });
    expect(all.status).toBe(201);
    const token = all.json.token as string;
    const setRole = async (role: string) =>
      expect(
        (
          await callRoute(members.PATCH, {
            method: "PATCH",
            token: other.actors.owner.token,
            params: { userId: other.actors.admin.userId },
            body: { role },
          })
        ).status,
      ).toBe(200);
    const name = pbName();
    expect((await callRoute(phonebooks.POST, { method: "POST", token, body: { name } })).status).toBe(201);
    expect((await callRoute(pops.POST, { method: "POST", token, params: { name }, body: popBody(1) })).status).toBe(201);

    await setRole("editor");
    const publishing = await callRoute(publish.POST, { method: "POST", token, params: { name } });
    expect(publishing.status).toBe(403);
    expect(errorOf(publishing).message).toContain("needs the admin role or higher; you are editor");
    const listing = await callRoute(tokens.GET, { token });
    expect(listing.status).toBe(403);
    expect(errorOf(listing).message).toContain(`has the "admin" scope, but its user's current role (editor) does not allow it`);
    expect((await callRoute(pops.POST, { method: "POST", token, params: { name }, body: popBody(2) })).status).toBe(201);
    expect(await db.version.count({ where: { phonebook: { orgId: other.org.id } } })).toBe(0);

    await setRole("viewer");
    expect((await callRoute(pops.POST, { method: "POST", token, params: { name }, body: popBody(3) })).status).toBe(403);
    expect((await callRoute(pops.GET, { token, params: { name } })).status).toBe(200);
    expect(await db.pop.count({ where: { phonebook: { orgId: other.org.id } } })).toBe(2);

    await setRole("admin");
    expect((await callRoute(publish.POST, { method: "POST", token, params: { name } })).status).toBe(201);
    // Still bound to its own organisation whatever its scopes.
    expect((await callRoute(phonebook.GET, { token, params: { name: book.name } })).status).toBe(404);
  });

  it("a member creates tokens only with scopes their role allows (403 naming them, nothing stored)", async () => {
    session.actor = { ...org.actors.editor, via: "session" };
    try {
      const tooMuch = await callRoute(tokens.POST, {
        method: "POST",
        headers: SESSION_HEADERS,
        body: { name: "editor-publish", scopes: ["read", "publish", "admin"] },
      });
      expect(tooMuch.status).toBe(403);
      expect(errorOf(tooMuch).message).toBe(
        "You cannot create a token with the publish, admin scopes: a token may not have more rights than you (editor: read, write).",
      );
      expect(errorOf(tooMuch).details?.fields?.[0]?.field).toBe("scopes");
      expect(await db.apiToken.count({ where: { userId: org.actors.editor.userId, name: "editor-publish" } })).toBe(0);

      const ok = await callRoute(tokens.POST, {
        method: "POST",
        headers: SESSION_HEADERS,
        body: { name: "editor-rw", scopes: ["write", "read"] },
      });
      expect(ok.status, ok.text).toBe(201);
      expect(ok.json).toMatchObject({ scopes: ["read", "write"], createdBy: { email: org.actors.editor.email } });
      // The editor's own list: their tokens only.
      const list = await callRoute(tokens.GET, { headers: SESSION_HEADERS });
      expect(list.status).toBe(200);
      const listed = list.json.tokens as { createdBy: { email: string } }[];
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((t) => t.createdBy.email === org.actors.editor.email)).toBe(true);
    } finally {
      session.actor = null;
    }
  });

  it("session callers are not limited by scopes: their role decides", async () => {
    const book = await publishedBook();
    session.actor = { ...org.actors.admin, via: "session" };
    try {
      const added = await callRoute(pops.POST, { method: "POST", headers: SESSION_HEADERS, params: { name: book.name }, body: popBody(7) });
      expect(added.status, added.text).toBe(201);
      const res = await callRoute(publish.POST, { method: "POST", headers: SESSION_HEADERS, params: { name: book.name } });
      expect(res.status, res.text).toBe(201);
      session.actor = { ...org.actors.viewer, via: "session" };
      const viewer = await callRoute(publish.POST, { method: "POST", headers: SESSION_HEADERS, params: { name: book.name } });
      expect(viewer.status).toBe(403);
      expect(errorOf(viewer).message).toContain("needs the admin role");
    } finally {
      session.actor = null;
    }
  });
});
