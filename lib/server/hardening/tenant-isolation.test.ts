import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { versionKey } from "@/lib/phonebook/artifact-names";
import { phonebookKey } from "@/lib/phonebook/phonebook-name";
import type { TActor } from "@/lib/server/auth/actor";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { createPop } from "@/lib/server/pops/create-pop";
import { updatePop } from "@/lib/server/pops/update-pop";
import { createRegion } from "@/lib/server/regions/save-region";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { makeOrg, pbName, uniq } from "@/lib/test/fixtures";

// Tenant isolation over every route handler of app/api/v1: organisation B's owner aims at
// organisation A's resources (A's phone book names, region ids, POP indexes, member and token
// ids, version numbers) and must get 404 — or, for lists, 200 with B's own data only — and
// no answer may carry one of A's identifying strings. A's rows and published files must be
// byte-for-byte the same afterwards. A revoked token gets 401 everywhere, a viewer 403 on
// every write.

type TOrg = Awaited<ReturnType<typeof makeOrg>>;
type THandler = (req: NextRequest, ctx: { params: Promise<unknown> }) => Promise<Response>;
type TResult = { status: number; json: Record<string, unknown>; text: string; bytes: Buffer; headers: Headers };

const API_ROOT = path.resolve(import.meta.dirname, "../../../app/api/v1");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Every `route.ts` under app/api/v1, relative to it, sorted. */
function routeFiles(dir = API_ROOT): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full));
    else if (entry.name === "route.ts") out.push(path.relative(API_ROOT, full).split(path.sep).join("/"));
  }
  return out.sort();
}

/** One phone book of one organisation, with what identifies it. */
type TBook = {
  name: string;
  description: string;
  regionIds: string[];
  regionNames: string[];
  popIndexes: number[];
  cities: string[];
  versions: number[];
};

type TSide = {
  org: TOrg;
  owner: TActor & { token: string };
  /** The phone book whose name exists only in this organisation. */
  own: TBook;
  /** The phone book whose name exists in both organisations. */
  shared: TBook;
  /** A's only: a phone book B never aims at, except to create the same name in B. */
  spare?: TBook;
  userIds: string[];
  emails: string[];
  tokenIds: string[];
  tokenNames: string[];
  invitationIds: string[];
  invitationEmails: string[];
  /** A's SSO settings (issuer, client id) and a linked subject; B has none. */
  ssoStrings: string[];
};

/** `different`: B uses A's phone book name that B lacks. `same`: B has a phone book of the same name. */
type TScenario = { kind: "different" | "same"; pb: string; a: TBook };

type TCase = {
  label: string;
  params?: Record<string, string>;
  path?: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  /** Accepted statuses for B's owner. */
  expect: number[];
  /** Further checks on B's answer (lists: only B's data). */
  check?: (res: TResult) => void | Promise<void>;
  /** The same request with an identifier that never existed: its 404 must look exactly the same. */
  twin?: { swap: [string, string]; params?: Record<string, string>; path?: string; body?: unknown };
  /** A's strings that B itself put in the request: the answer may echo them. */
  echoes?: string[];
  /** Runs after every other case of its scenario (it deletes B's phone book). */
  last?: boolean;
};

type TEntry = (s: TScenario) => TCase[];

let storage: FilesystemStorage;
let A: TSide;
let B: TSide;
/** Strings that identify A's data: none may appear in any answer B gets. */
let forbidden: string[];
const handlers = new Map<string, THandler>();

const popInput = (popIndex: number, name: string, extra: Record<string, unknown> = {}) => ({
  popIndex,
  countryCode: 1,
  name,
  areaCode: "425",
  accessNumber: `555${popIndex}`,
  minSpeed: null,
  maxSpeed: null,
  flags: 0,
  dialupEntry: "",
  inService: true,
  comment: "",
  ...extra,
});

/** A phone book with two regions, POPs in them, and `versions` published versions. */
async function makeBook(org: TOrg, tag: "A" | "B", name: string, indexes: number[], versions: number): Promise<TBook> {
  const admin = org.actors.owner;
  const description = `${tag}-desc-${uniq()}`;
  await createPhonebook({ actor: admin, input: { name, description } });
  const regionNames = [`${tag}Region${uniq()}`, `${tag}Region${uniq()}`];
  const regionIds: string[] = [];
  for (const r of regionNames) regionIds.push((await createRegion({ actor: admin, phonebookName: name, input: { name: r } })).id);
  const cities: string[] = [];
  for (const [k, popIndex] of indexes.entries()) {
    const city = `${tag}city${uniq()}`;
    cities.push(city);
    await createPop({ actor: admin, phonebookName: name, input: popInput(popIndex, city, { regionId: regionIds[k % 2] }) });
  }
  for (let v = 1; v <= versions; v++) {
    if (v > 1) await updatePop({ actor: admin, phonebookName: name, popIndex: indexes[0] ?? 1, patch: { accessNumber: `777${v}` } });
    await publishVersion({ actor: admin, phonebookName: name, storage });
  }
  return {
    name,
    description,
    regionIds,
    regionNames,
    popIndexes: indexes,
    cities,
    versions: Array.from({ length: versions }, (_, i) => i + 1),
  };
}

async function makeSide(tag: "A" | "B", sharedName: string): Promise<TSide> {
  const org = await makeOrg(tag === "A" ? ["owner", "admin", "editor", "viewer"] : ["owner", "admin"]);
  const owner = org.actors.owner;
  const base = tag === "A" ? 100 : 200;
  const own = await makeBook(org, tag, pbName(), [base + 1, base + 2, base + 3], tag === "A" ? 3 : 1);
  const shared = await makeBook(org, tag, sharedName, [base + 11, base + 12, base + 13, base + 14, base + 15], tag === "A" ? 4 : 1);
  const spare = tag === "A" ? await makeBook(org, tag, pbName(), [base + 21], 1) : undefined;
  const tokenNames = [`${tag}token${uniq()}`, `${tag}token${uniq()}`];
  const tokenIds: string[] = [];
  for (const name of tokenNames) tokenIds.push((await issueApiToken({ orgId: org.org.id, userId: owner.userId, name, role: "admin" })).id);
  const actors = Object.values(org.actors);
  const invitationEmails = [`${tag.toLowerCase()}-invitee-${uniq()}@test.example`];
  const invitationIds: string[] = [];
  for (const email of invitationEmails) {
    const expiresAt = new Date(Date.now() + 86_400_000);
    const row = await db.invitation.create({ data: { orgId: org.org.id, email, role: "editor", tokenHash: `h-${uniq()}`, expiresAt } });
    invitationIds.push(row.id);
  }
  const ssoStrings: string[] = [];
  if (tag === "A") {
    const sso = { issuer: `https://idp-a-${uniq()}.example`, clientId: `a-client-${uniq()}`, subject: `a-subject-${uniq()}` };
    await db.ssoConfig.create({
      data: { orgId: org.org.id, issuer: sso.issuer, clientId: sso.clientId, clientSecret: "v1.sealed", allowPassword: false },
    });
    await db.ssoIdentity.create({ data: { orgId: org.org.id, issuer: sso.issuer, subject: sso.subject, userId: owner.userId } });
    ssoStrings.push(sso.issuer, sso.clientId, sso.subject);
  }
  return {
    org,
    owner,
    own,
    shared,
    spare,
    ssoStrings,
    userIds: actors.map((a) => a.userId),
    emails: actors.map((a) => a.email),
    tokenIds,
    tokenNames,
    invitationIds,
    invitationEmails,
  };
}

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** Everything of an organisation that B must not change: rows and published files. */
async function snapshot(side: TSide) {
  const orgId = side.org.org.id;
  const phonebooks = await db.phonebook.findMany({
    where: { orgId },
    orderBy: { nameKey: "asc" },
    include: {
      regions: { orderBy: { nameKey: "asc" } },
      pops: { orderBy: { popIndex: "asc" } },
      pendingChanges: { orderBy: { popIndex: "asc" } },
      versions: { orderBy: { number: "asc" }, include: { artifacts: { orderBy: { name: "asc" } } } },
    },
  });
  const memberships = await db.membership.findMany({ where: { orgId }, orderBy: { userId: "asc" }, include: { user: true } });
  // Last use moves whenever a token is used (the viewer's below): not part of what B may not change.
  const tokens = (await db.apiToken.findMany({ where: { orgId }, orderBy: { id: "asc" } })).map(
    ({ lastUsedAt: _used, lastUsedAddress: _from, ...rest }) => rest,
  );
  const audit = await db.auditEvent.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { id: true, action: true } });
  const invitations = await db.invitation.findMany({ where: { orgId }, orderBy: { id: "asc" } });
  const sso = await db.ssoConfig.findUnique({ where: { orgId } });
  const ssoIdentities = await db.ssoIdentity.findMany({ where: { orgId }, orderBy: { id: "asc" } });
  const keys = await storage.list(side.org.org.slug);
  const files: Record<string, string> = {};
  for (const key of keys) files[key] = sha((await storage.get(key)) ?? Buffer.alloc(0));
  return {
    org: await db.organization.findUniqueOrThrow({ where: { id: orgId } }),
    phonebooks,
    memberships,
    tokens,
    audit,
    invitations,
    sso,
    ssoIdentities,
    files,
  };
}

const json = (res: TResult) => res.json;
const errorCode = (res: TResult) => (res.json.error as { code?: string } | undefined)?.code;
const bPhonebook = (name: string) => db.phonebook.findFirstOrThrow({ where: { orgId: B.org.org.id, nameKey: phonebookKey(name) } });

/** One request builder per route file and method; a route without an entry fails the test. */
const TABLE: Record<string, TEntry> = {
  "phonebooks/route.ts GET": () => [
    {
      label: "list phone books",
      expect: [200],
      check: async (res) => {
        const names = (json(res).phonebooks as { name: string }[]).map((p) => p.name).sort();
        const own = (await db.phonebook.findMany({ where: { orgId: B.org.org.id } })).map((p) => p.name).sort();
        expect(names).toEqual(own);
      },
    },
  ],
  "phonebooks/route.ts POST": (s) =>
    s.kind === "different"
      ? [
          {
            // A has this name; B creating it must neither fail (an existence oracle) nor touch A's.
            label: "create a phone book with a name only A has",
            body: { name: A.spare?.name, description: "made by B" },
            expect: [201],
            check: (res) => expect(json(res).description).toBe("made by B"),
          },
        ]
      : [{ label: "create B's own existing name", body: { name: s.pb }, expect: [409] }],
  "phonebooks/[name]/route.ts GET": (s) => [
    s.kind === "different"
      ? {
          label: "read A's phone book",
          params: { name: s.pb },
          expect: [404],
          twin: { swap: [s.pb, "Zz9Nope"], params: { name: "Zz9Nope" } },
        }
      : {
          label: "read B's same-named phone book",
          params: { name: s.pb },
          expect: [200],
          check: (res) => expect(json(res).description).toBe(B.shared.description),
        },
  ],
  "phonebooks/[name]/route.ts PATCH": (s) => [
    s.kind === "different"
      ? {
          label: "edit A's phone book",
          params: { name: s.pb },
          body: { description: "pwned" },
          expect: [404],
          twin: { swap: [s.pb, "Zz9Nope"], params: { name: "Zz9Nope" } },
        }
      : {
          label: "edit B's same-named phone book",
          params: { name: s.pb },
          body: { description: "B edited" },
          expect: [200],
          check: (res) => expect(json(res).description).toBe("B edited"),
        },
  ],
  "phonebooks/[name]/route.ts DELETE": (s) => [
    s.kind === "different"
      ? {
          label: "delete A's phone book with purge",
          params: { name: s.pb },
          path: "/x?purge=true",
          expect: [404],
          twin: { swap: [s.pb, "Zz9Nope"], params: { name: "Zz9Nope" } },
        }
      : {
          // B purges its own same-named phone book: A's files under A's slug must stay (snapshot).
          label: "delete B's same-named phone book with purge",
          params: { name: s.pb },
          path: "/x?purge=true",
          expect: [200],
          last: true,
          check: async (res) => {
            expect(json(res).purgedFiles).toBeGreaterThan(0);
            expect(await storage.list(`${B.org.org.slug}/${s.pb.toUpperCase()}`)).toEqual([]);
          },
        },
  ],
  "phonebooks/[name]/regions/route.ts GET": (s) => [
    s.kind === "different"
      ? { label: "list A's regions", params: { name: s.pb }, expect: [404] }
      : {
          label: "list B's regions",
          params: { name: s.pb },
          expect: [200],
          check: async (res) => {
            const pb = await bPhonebook(s.pb);
            const own = (await db.region.findMany({ where: { phonebookId: pb.id } })).map((r) => r.id).sort();
            expect((json(res).regions as { id: string }[]).map((r) => r.id).sort()).toEqual(own);
          },
        },
  ],
  "phonebooks/[name]/regions/route.ts POST": (s) => [
    s.kind === "different"
      ? { label: "add a region to A's phone book", params: { name: s.pb }, body: { name: "Intruder" }, expect: [404] }
      : {
          // Region names are unique per phone book: A's name (other case) is free in B's book.
          label: "add a region named like A's to B's book",
          params: { name: s.pb },
          body: { name: (s.a.regionNames[0] ?? "").toLowerCase() },
          expect: [201],
        },
  ],
  "phonebooks/[name]/regions/[id]/route.ts PATCH": (s) =>
    s.a.regionIds.map((id) => ({
      label: `rename A's region ${id}`,
      params: { name: s.pb, id },
      body: { name: "Pwned" },
      expect: [404],
      twin: { swap: [id, "00000000-0000-4000-8000-000000000000"], params: { name: s.pb, id: "00000000-0000-4000-8000-000000000000" } },
    })),
  "phonebooks/[name]/regions/[id]/route.ts DELETE": (s) =>
    s.a.regionIds.map((id) => ({
      label: `delete A's region ${id}`,
      params: { name: s.pb, id },
      expect: [404],
      twin: { swap: [id, "00000000-0000-4000-8000-000000000000"], params: { name: s.pb, id: "00000000-0000-4000-8000-000000000000" } },
    })),
  "phonebooks/[name]/pops/route.ts GET": (s) =>
    s.kind === "different"
      ? [{ label: "list A's POPs", params: { name: s.pb }, path: "/x?pageSize=500", expect: [404] }]
      : [
          {
            label: "list B's POPs",
            params: { name: s.pb },
            path: "/x?pageSize=500",
            expect: [200],
            check: async (res) => {
              const pb = await bPhonebook(s.pb);
              const own = (await db.pop.findMany({ where: { phonebookId: pb.id }, orderBy: { popIndex: "asc" } })).map((p) => p.popIndex);
              expect((json(res).rows as { popIndex: number }[]).map((r) => r.popIndex)).toEqual(own);
            },
          },
          ...s.a.regionIds.map((id) => ({
            label: `filter B's POPs by A's region ${id}`,
            params: { name: s.pb },
            path: `/x?region=${id}`,
            expect: [200],
            check: (res: TResult) => expect(json(res).total).toBe(0),
          })),
        ],
  "phonebooks/[name]/pops/route.ts POST": (s) =>
    s.kind === "different"
      ? [{ label: "add a POP to A's book", params: { name: s.pb }, body: popInput(999, "Intruder"), expect: [404] }]
      : [
          ...s.a.regionIds.map((id) => ({
            label: `add a POP in A's region ${id}`,
            params: { name: s.pb },
            body: popInput(998, "Intruder", { regionId: id }),
            expect: [400],
            twin: {
              swap: [id, "00000000-0000-4000-8000-000000000000"] as [string, string],
              body: popInput(998, "Intruder", { regionId: "00000000-0000-4000-8000-000000000000" }),
            },
          })),
          {
            // POP indexes are unique per phone book: A's last index is free in B's book.
            label: "add a POP with an index A uses",
            params: { name: s.pb },
            body: popInput(s.a.popIndexes.at(-1) ?? 1, "Bnewcity"),
            expect: [201],
          },
        ],
  "phonebooks/[name]/pops/[popIndex]/route.ts GET": (s) =>
    s.a.popIndexes.slice(0, -1).map((i) => ({
      label: `read A's POP ${i}`,
      params: { name: s.pb, popIndex: String(i) },
      expect: [404],
      twin: { swap: [String(i), "9876"], params: { name: s.pb, popIndex: "9876" } },
    })),
  "phonebooks/[name]/pops/[popIndex]/route.ts PATCH": (s) => [
    ...s.a.popIndexes.slice(0, -1).map((i) => ({
      label: `edit A's POP ${i}`,
      params: { name: s.pb, popIndex: String(i) },
      body: { name: "Pwned", accessNumber: "666" },
      expect: [404],
      twin: { swap: [String(i), "9876"] as [string, string], params: { name: s.pb, popIndex: "9876" } },
    })),
    ...(s.kind === "same"
      ? s.a.regionIds.map((id) => ({
          label: `move B's own POP into A's region ${id}`,
          params: { name: s.pb, popIndex: String(B.shared.popIndexes[0]) },
          body: { regionId: id },
          expect: [400],
          twin: {
            swap: [id, "00000000-0000-4000-8000-000000000000"] as [string, string],
            body: { regionId: "00000000-0000-4000-8000-000000000000" },
          },
        }))
      : []),
  ],
  "phonebooks/[name]/pops/[popIndex]/route.ts DELETE": (s) =>
    s.a.popIndexes.slice(0, -1).map((i) => ({
      label: `delete A's POP ${i}`,
      params: { name: s.pb, popIndex: String(i) },
      expect: [404],
      twin: { swap: [String(i), "9876"], params: { name: s.pb, popIndex: "9876" } },
    })),
  "phonebooks/[name]/pops/bulk/route.ts POST": (s) => [
    {
      label: "bulk-delete A's POPs",
      params: { name: s.pb },
      body: { popIndexes: s.a.popIndexes.slice(0, -1), action: "delete" },
      expect: [404],
    },
    {
      label: "bulk-disable A's POPs",
      params: { name: s.pb },
      body: { popIndexes: s.a.popIndexes.slice(0, -1), action: "setOutOfService" },
      expect: [404],
    },
    ...(s.kind === "same"
      ? [
          {
            label: "bulk-delete B's own POP together with one of A's",
            params: { name: s.pb },
            body: { popIndexes: [B.shared.popIndexes[1] ?? 0, s.a.popIndexes[0] ?? 0], action: "delete" },
            expect: [404],
            check: async () => {
              const pb = await bPhonebook(s.pb);
              expect(await db.pop.count({ where: { phonebookId: pb.id, popIndex: B.shared.popIndexes[1] } })).toBe(1);
            },
          },
        ]
      : []),
  ],
  "phonebooks/[name]/imports/route.ts POST": (s) => {
    const header = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
    const csv = (rows: number[]) => `${header}\r\n${rows.map((i) => `${i},1,,Bimported${i},425,555${i},,,0,,true,`).join("\r\n")}\r\n`;
    if (s.kind === "different") {
      return [
        { label: "import into A's book", params: { name: s.pb }, rawBody: csv([901]), contentType: "text/csv", expect: [404] },
        {
          label: "replace A's book",
          params: { name: s.pb },
          path: "/x?mode=replace",
          rawBody: csv([901]),
          contentType: "text/csv",
          expect: [404],
        },
      ];
    }
    return [
      {
        label: "merge into B's same-named book",
        params: { name: s.pb },
        rawBody: csv([401, 402]),
        contentType: "text/csv",
        expect: [200],
        check: (res) => expect(json(res)).toMatchObject({ added: 2, deleted: 0 }),
      },
      {
        // A replace plan compares against B's POPs only: it deletes exactly B's other POPs.
        label: "dry-run replace of B's same-named book",
        params: { name: s.pb },
        path: "/x?mode=replace&dryRun=true",
        rawBody: csv([403]),
        contentType: "text/csv",
        expect: [200],
        check: async (res) => {
          const pb = await bPhonebook(s.pb);
          expect(json(res)).toMatchObject({ added: 1, deleted: await db.pop.count({ where: { phonebookId: pb.id } }) });
        },
      },
    ];
  },
  "phonebooks/[name]/export.csv/route.ts GET": (s) => [
    s.kind === "different"
      ? { label: "export A's book", params: { name: s.pb }, expect: [404] }
      : {
          label: "export B's same-named book",
          params: { name: s.pb },
          expect: [200],
          check: (res) => {
            for (const city of B.shared.cities) expect(res.text).toContain(city);
          },
        },
  ],
  "phonebooks/[name]/adopt/route.ts POST": (s) => {
    // The phone book is looked up before the upload is read: A's answers 404 whatever is sent.
    const upload = { rawBody: "PK\u0003\u0004 not really a zip", contentType: "application/zip" };
    return s.kind === "different"
      ? [
          { label: "adopt into A's book", params: { name: s.pb }, ...upload, expect: [404] },
          {
            label: "dry-run an adoption into A's book",
            params: { name: s.pb },
            path: "/x?dryRun=true&version=3",
            ...upload,
            expect: [404],
          },
        ]
      : [
          {
            label: "adopt into B's same-named (published) book",
            params: { name: s.pb },
            ...upload,
            expect: [409],
            check: async () => {
              const pb = await bPhonebook(s.pb);
              expect(await db.version.count({ where: { phonebookId: pb.id, origin: "adopted" } })).toBe(0);
            },
          },
        ];
  },
  "phonebooks/[name]/publish/route.ts POST": (s) =>
    s.kind === "different"
      ? [
          { label: "publish A's book", params: { name: s.pb }, expect: [404] },
          {
            // The stream answers 200 by design; it must carry only the error, no stage of A's publish.
            label: "publish A's book with ndjson progress",
            params: { name: s.pb },
            path: "/x?progress=ndjson",
            expect: [200],
            check: (res) => {
              const lines = res.text
                .trim()
                .split("\n")
                .map((l) => JSON.parse(l) as Record<string, unknown>);
              expect(lines).toEqual([{ error: { code: "not_found", message: `Phone book "${s.pb}" not found` } }]);
            },
          },
        ]
      : [
          {
            label: "publish B's same-named book",
            params: { name: s.pb },
            expect: [201, 409],
            check: async () => {
              const pb = await bPhonebook(s.pb);
              expect(await db.version.count({ where: { phonebookId: pb.id } })).toBe(pb.currentVersion);
            },
          },
        ],
  "phonebooks/[name]/versions/route.ts GET": (s) => [
    s.kind === "different"
      ? { label: "list A's versions", params: { name: s.pb }, expect: [404] }
      : {
          label: "list B's versions",
          params: { name: s.pb },
          expect: [200],
          check: async (res) => {
            const pb = await bPhonebook(s.pb);
            const own = (await db.version.findMany({ where: { phonebookId: pb.id }, orderBy: { number: "desc" } })).map((v) => v.number);
            expect((json(res).versions as { version: number }[]).map((v) => v.version)).toEqual(own);
          },
        },
  ],
  "phonebooks/[name]/versions/[version]/files/[file]/route.ts GET": (s) => {
    // B's same-named book has at most 2 versions during the run; A's have 3 and 4.
    const aOnly = s.kind === "different" ? s.a.versions : s.a.versions.filter((v) => v > 2);
    const cases: TCase[] = aOnly.flatMap((v) =>
      [`${s.pb}.pbk`, `${s.pb}_${v}_full.cab`].map((file) => ({
        label: `download A's version ${v} ${file}`,
        params: { name: s.pb, version: String(v), file },
        expect: [404],
      })),
    );
    cases.push({
      label: "download through a traversing file name",
      params: { name: s.pb, version: "1", file: `../../../${A.org.org.slug}/${s.pb.toUpperCase()}/1/${s.pb}.pbk` },
      expect: [404],
      echoes: [A.org.org.slug],
      twin: {
        swap: [A.org.org.slug, "org-nope"],
        params: { name: s.pb, version: "1", file: `../../../org-nope/${s.pb.toUpperCase()}/1/${s.pb}.pbk` },
      },
    });
    if (s.kind === "same") {
      cases.push({
        label: "download B's own version 1 .pbk",
        params: { name: s.pb, version: "1", file: `${s.pb}.pbk` },
        expect: [200],
        check: async (res) => {
          expect(res.text).toBe((await storage.get(versionKey(B.org.org.slug, s.pb, 1, `${s.pb}.pbk`)))?.toString("latin1"));
          for (const city of B.shared.cities) expect(res.text).toContain(city);
        },
      });
    }
    return cases;
  },
  "phonebooks/[name]/versions/[version]/bundle.zip/route.ts GET": (s) => {
    const aOnly = s.kind === "different" ? s.a.versions : s.a.versions.filter((v) => v > 2);
    const cases: TCase[] = aOnly.map((v) => ({
      label: `bundle of A's version ${v}`,
      params: { name: s.pb, version: String(v) },
      expect: [404],
    }));
    if (s.kind === "same") {
      cases.push({
        label: "bundle of B's own version 1",
        params: { name: s.pb, version: "1" },
        expect: [200],
        // Checked for A's strings after unzipping, in run().
      });
    }
    return cases;
  },
  "phonebooks/[name]/versions/[version]/restore/route.ts POST": (s) => {
    // After the download cases above: B's restore below adds a version to B's same-named book.
    const aOnly = s.kind === "different" ? s.a.versions : s.a.versions.filter((v) => v > 2);
    const cases: TCase[] = aOnly.map((v) => ({
      label: `restore A's version ${v}`,
      params: { name: s.pb, version: String(v) },
      expect: [404],
    }));
    if (s.kind === "same") {
      cases.push({
        label: "restore B's own version 1",
        params: { name: s.pb, version: "1" },
        expect: [201, 409],
        check: async () => {
          const pb = await bPhonebook(s.pb);
          expect(await db.version.count({ where: { phonebookId: pb.id } })).toBe(pb.currentVersion);
        },
      });
    }
    return cases;
  },
  "members/route.ts GET": () => [
    {
      label: "list members",
      expect: [200],
      check: async (res) => {
        const own = (await db.membership.findMany({ where: { orgId: B.org.org.id }, include: { user: true } }))
          .map((m) => m.user.email)
          .sort();
        expect((json(res).members as { email: string }[]).map((m) => m.email).sort()).toEqual(own);
      },
    },
  ],
  "members/route.ts POST": (s) =>
    s.kind === "different"
      ? [
          { label: "invite a new member to B", body: { email: `b-new-${uniq()}@test.example`, role: "viewer" }, expect: [201] },
          // A's member's address, typed by B: the answer is B's own invitation and says nothing of the account.
          { label: "invite A's member to B", body: { email: A.emails[1], role: "admin" }, expect: [201], echoes: [A.emails[1] ?? ""] },
        ]
      : [],
  "invitations/route.ts GET": () => [
    {
      label: "list invitations",
      expect: [200],
      // B's own invitations of the addresses B typed above.
      echoes: [A.emails[1] ?? "", ...A.invitationEmails],
      check: async (res) => {
        const own = (await db.invitation.findMany({ where: { orgId: B.org.org.id, acceptedAt: null, revokedAt: null } }))
          .map((i) => i.id)
          .sort();
        expect((json(res).invitations as { id: string }[]).map((i) => i.id).sort()).toEqual(own);
      },
    },
  ],
  "invitations/route.ts POST": (s) =>
    s.kind === "different"
      ? [
          {
            label: "invite A's invitee to B",
            body: { email: A.invitationEmails[0], role: "viewer" },
            expect: [201],
            echoes: A.invitationEmails,
          },
        ]
      : [],
  "invitations/[id]/route.ts DELETE": () =>
    A.invitationIds.map((id) => ({
      label: `withdraw A's invitation ${id}`,
      params: { id },
      expect: [404],
      twin: { swap: [id, "00000000-0000-4000-8000-000000000000"], params: { id: "00000000-0000-4000-8000-000000000000" } },
    })),
  "members/[userId]/route.ts PATCH": () =>
    A.userIds.map((userId) => ({
      label: `change the role of A's member ${userId}`,
      params: { userId },
      body: { role: "viewer" },
      expect: [404],
      twin: { swap: [userId, "00000000-0000-4000-8000-000000000000"], params: { userId: "00000000-0000-4000-8000-000000000000" } },
    })),
  "members/[userId]/route.ts DELETE": () =>
    A.userIds.map((userId) => ({
      label: `remove A's member ${userId}`,
      params: { userId },
      expect: [404],
      twin: { swap: [userId, "00000000-0000-4000-8000-000000000000"], params: { userId: "00000000-0000-4000-8000-000000000000" } },
    })),
  "audit/export/route.ts GET": () =>
    (["csv", "jsonl"] as const).map((format) => ({
      label: `export the audit log as ${format}`,
      path: `/api/v1/audit/export?format=${format}`,
      expect: [200],
      // B's own invitation events name the addresses B typed above.
      echoes: [A.emails[1] ?? "", ...A.invitationEmails],
      check: async (res) => {
        const own = await db.auditEvent.count({ where: { orgId: B.org.org.id } });
        const lines = res.text.trim().split("\n").filter(Boolean);
        expect(lines.length).toBe(format === "csv" ? own + 1 : own);
      },
    })),
  "sso/route.ts GET": () => [
    {
      label: "read SSO settings",
      expect: [200],
      check: async (res) => {
        const own = await db.ssoConfig.findUnique({ where: { orgId: B.org.org.id } });
        expect(json(res).sso).toEqual(own ? expect.objectContaining({ issuer: own.issuer }) : null);
      },
    },
  ],
  "sso/route.ts PUT": () => [
    {
      // B's own settings; its issuer does not answer discovery, so nothing is saved anywhere.
      label: "set up SSO with an issuer that does not answer",
      body: { issuer: "http://127.0.0.1:9", clientId: "b-client", clientSecret: "b-secret" },
      expect: [400],
      check: (res) => expect(JSON.stringify(json(res))).toContain("issuer"),
    },
    {
      label: "set up SSO with A's issuer and client id",
      body: { issuer: A.ssoStrings[0], clientId: A.ssoStrings[1], clientSecret: "guess" },
      expect: [400],
      // The 400 names the issuer B typed (it does not answer discovery: no such host).
      echoes: [A.ssoStrings[0] ?? ""],
    },
  ],
  "sso/route.ts DELETE": () => [{ label: "delete SSO settings (B has none; A's stay)", expect: [404] }],
  "tokens/route.ts GET": () => [
    {
      label: "list tokens",
      expect: [200],
      check: async (res) => {
        const own = (await db.apiToken.findMany({ where: { orgId: B.org.org.id } })).map((t) => t.id).sort();
        expect((json(res).tokens as { id: string }[]).map((t) => t.id).sort()).toEqual(own);
      },
    },
  ],
  "tokens/route.ts POST": (s) =>
    s.kind === "different" ? [{ label: "create a token in B", body: { name: "b-made", role: "viewer" }, expect: [201] }] : [],
  "tokens/[id]/route.ts DELETE": () =>
    [...A.tokenIds.map((id) => ["token", id]), ["owner's user id as token id", A.owner.userId]].map(([what, id = ""]) => ({
      label: `revoke A's ${what} ${id}`,
      params: { id },
      expect: [404],
      twin: { swap: [id, "00000000-0000-4000-8000-000000000000"], params: { id: "00000000-0000-4000-8000-000000000000" } },
    })),
};

/** "phonebooks/[name]/route.ts" → the method of the statically imported module. */
async function loadHandlers(): Promise<string[]> {
  const keys: string[] = [];
  for (const file of routeFiles()) {
    const mod = (await import(/* @vite-ignore */ path.join(API_ROOT, file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler === "function") {
        handlers.set(`${file} ${method}`, handler as THandler);
        keys.push(`${file} ${method}`);
      }
    }
  }
  return keys;
}

const methodOf = (key: string) => key.slice(key.lastIndexOf(" ") + 1);

/** Like callRoute, but keeps the body bytes too (zip bundles). */
async function call(key: string, c: TCase, token: string, override: Partial<TCase> = {}): Promise<TResult> {
  const handler = handlers.get(key);
  if (!handler) throw new Error(`no handler for ${key}`);
  const merged = { ...c, ...override };
  const headers = new Headers({ authorization: `Bearer ${token}` });
  let body = merged.rawBody;
  if (merged.body !== undefined) {
    body = JSON.stringify(merged.body);
    headers.set("content-type", "application/json");
  }
  if (merged.contentType) headers.set("content-type", merged.contentType);
  const req = new NextRequest(new URL(merged.path ?? "/x", "http://localhost"), { method: methodOf(key), headers, body });
  const res = await handler(req, { params: Promise.resolve(merged.params ?? {}) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString("utf8");
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  return { status: res.status, json: parsed, text, bytes, headers: res.headers };
}

/** No answer B gets may name A's data; a zip is checked file by file. */
async function assertNoLeak(where: string, res: TResult, echoes: string[] = []): Promise<void> {
  const texts = [res.text, [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n")];
  if (res.headers.get("content-type") === "application/zip") {
    const zip = await JSZip.loadAsync(res.bytes);
    for (const file of Object.values(zip.files)) texts.push(await file.async("string"));
  }
  for (const text of texts) {
    for (const s of forbidden) {
      if (text.includes(s) && !echoes.includes(s)) throw new Error(`${where}: the answer contains A's "${s}":\n${text.slice(0, 500)}`);
    }
  }
}

/** Runs every case of a scenario with B's owner token and checks status, body and leaks. */
async function run(kind: TScenario["kind"]): Promise<number> {
  const scenario: TScenario = kind === "different" ? { kind, pb: A.own.name, a: A.own } : { kind, pb: A.shared.name, a: A.shared };
  const all = Object.entries(TABLE).flatMap(([key, entry]) => entry(scenario).map((c) => ({ key, c })));
  const ordered = [...all.filter((x) => !x.c.last), ...all.filter((x) => x.c.last)];
  for (const { key, c } of ordered) {
    const where = `[${kind}] ${key} — ${c.label}`;
    const res = await call(key, c, B.owner.token);
    expect(c.expect, `${where}: status ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
    if (res.status === 404) expect(errorCode(res), where).toBe("not_found");
    await assertNoLeak(where, res, c.echoes);
    await c.check?.(res);
    if (c.twin) {
      const twin = await call(key, c, B.owner.token, {
        params: c.twin.params ?? c.params,
        path: c.twin.path ?? c.path,
        body: c.twin.body ?? c.body,
      });
      const [real, fake] = c.twin.swap;
      expect(twin.status, `${where}: twin status`).toBe(res.status);
      expect(res.text.split(real).join("<id>"), `${where}: A's id answers differently from one that never existed`).toBe(
        twin.text.split(fake).join("<id>"),
      );
    }
  }
  return ordered.length;
}

beforeAll(async () => {
  storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-tenant-")));
  setStorageForTests(storage);
  const shared = pbName();
  A = await makeSide("A", shared);
  B = await makeSide("B", shared);
  forbidden = [
    A.org.org.id,
    A.org.org.slug,
    A.org.org.name,
    ...[A.own, A.shared, A.spare].flatMap((b) => (b ? [b.description, ...b.cities, ...b.regionNames] : [])),
    ...A.emails,
    ...A.tokenNames,
    ...A.invitationEmails,
    ...A.invitationIds,
    ...A.ssoStrings,
  ];
  await loadHandlers();
}, 120_000);

afterAll(() => setStorageForTests(undefined));

describe("tenant isolation over every /api/v1 route", () => {
  it("has a request builder for every route file and method, and none for a missing route", async () => {
    const found = [...handlers.keys()].sort();
    expect(found.length).toBeGreaterThan(20);
    const missing = found.filter((k) => !(k in TABLE));
    expect(missing, `route handlers without an isolation entry in TABLE: ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys(TABLE).filter((k) => !handlers.has(k));
    expect(stale, `TABLE entries naming no exported handler: ${stale.join(", ")}`).toEqual([]);
    for (const key of Object.keys(TABLE)) {
      const cases = (["different", "same"] as const).flatMap((kind) => TABLE[key]?.({ kind, pb: A.own.name, a: A.own }) ?? []);
      expect(cases.length, `${key} builds no request`).toBeGreaterThan(0);
    }
  });

  it("B's owner gets 404 or only B's data for A's resources (names differ), and A is untouched", async () => {
    const before = await snapshot(A);
    expect(before.files).not.toEqual({});
    const n = await run("different");
    expect(n).toBeGreaterThan(40);
    expect(await snapshot(A)).toEqual(before);
  }, 60_000);

  it("B's owner with a phone book of the same name sees and changes only its own, and A is untouched", async () => {
    const before = await snapshot(A);
    const n = await run("same");
    expect(n).toBeGreaterThan(40);
    expect(await snapshot(A)).toEqual(before);
    // A still works normally.
    const list = await call("phonebooks/route.ts GET", { label: "A lists", expect: [] }, A.owner.token);
    expect((list.json.phonebooks as { name: string }[]).map((p) => p.name).sort()).toEqual(
      [A.own.name, A.shared.name, A.spare?.name].sort(),
    );
  }, 60_000);

  it("a revoked token gets 401 on every route and method, and changes nothing", async () => {
    const { id, token } = await issueApiToken({ orgId: A.org.org.id, userId: A.owner.userId, name: `revoked-${uniq()}`, role: "owner" });
    const revoke = await call("tokens/[id]/route.ts DELETE", { label: "revoke", params: { id }, expect: [] }, A.owner.token);
    expect(revoke.status).toBe(200);
    const before = await snapshot(A);
    const scenario: TScenario = { kind: "different", pb: A.own.name, a: A.own };
    let calls = 0;
    for (const key of handlers.keys()) {
      for (const c of TABLE[key]?.(scenario) ?? []) {
        const res = await call(key, c, token);
        expect(res.status, `${key} — ${c.label} with a revoked token: ${res.text.slice(0, 200)}`).toBe(401);
        expect(errorCode(res)).toBe("unauthorized");
        calls += 1;
      }
    }
    expect(calls).toBeGreaterThan(40);
    expect(await snapshot(A)).toEqual(before);
  }, 60_000);

  it("a viewer gets 403 on every write route of its own organisation, and changes nothing", async () => {
    const viewer = A.org.actors.viewer.token;
    const before = await snapshot(A);
    const scenario: TScenario = { kind: "different", pb: A.own.name, a: A.own };
    const writes = [...handlers.keys()].filter((k) => WRITE_METHODS.has(methodOf(k)));
    expect(writes.length).toBeGreaterThan(12);
    for (const key of writes) {
      const cases = TABLE[key]?.(scenario) ?? [];
      // POST /phonebooks builds the spare name; any body will do for a role check.
      for (const c of cases.length ? cases : [{ label: "write", expect: [] } as TCase]) {
        const res = await call(key, c, viewer);
        expect(res.status, `${key} — ${c.label} as viewer: ${res.text.slice(0, 200)}`).toBe(403);
        expect(errorCode(res)).toBe("forbidden");
      }
    }
    expect(await snapshot(A)).toEqual(before);
    // Reads stay open to the viewer (tokens are admin-only).
    expect((await call("phonebooks/[name]/route.ts GET", { label: "read", params: { name: A.own.name }, expect: [] }, viewer)).status).toBe(
      200,
    );
    expect((await call("tokens/route.ts GET", { label: "read", expect: [] }, viewer)).status).toBe(403);
  }, 60_000);

  it("the PBS endpoint of B's organisation never serves A's phone books", async () => {
    const { GET } = await import("@/app/o/[org]/pbserver/pbserver.dll/route");
    const pbs = async (slug: string, pb: string) => {
      const res = await GET(new Request(`http://localhost/o/${slug}/pbserver/pbserver.dll?pb=${pb}&pbver=0`), {
        params: Promise.resolve({ org: slug }),
      });
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
    };
    expect((await pbs(A.org.org.slug, A.own.name)).status).toBe(200);
    expect((await pbs(B.org.org.slug, A.own.name)).status).toBe(404);
    // Same name in both: each organisation's URL serves its own full cab.
    const a = await pbs(A.org.org.slug, A.shared.name);
    const aFull = await storage.get(
      versionKey(A.org.org.slug, A.shared.name, A.shared.versions.length, `${A.shared.name}_${A.shared.versions.length}_full.cab`),
    );
    expect(a.status).toBe(200);
    expect(aFull && a.body.equals(aFull)).toBe(true);
    // B's same-named book: its own cab while it exists (the "same" run above deletes it with purge).
    const b = await pbs(B.org.org.slug, A.shared.name);
    const bBook = await db.phonebook.findFirst({ where: { orgId: B.org.org.id, nameKey: phonebookKey(A.shared.name) } });
    if (!bBook) expect(b.status).toBe(404);
    else {
      const bFull = await storage.get(
        versionKey(B.org.org.slug, A.shared.name, bBook.currentVersion, `${A.shared.name}_${bBook.currentVersion}_full.cab`),
      );
      expect(b.status).toBe(200);
      expect(bFull && b.body.equals(bFull)).toBe(true);
      expect(b.body.equals(a.body)).toBe(false);
    }
  });

  it("A's ids are indistinguishable from random ones (no existence oracle)", async () => {
    const randomId = randomUUID();
    const a = await call(
      "members/[userId]/route.ts PATCH",
      { label: "", params: { userId: A.owner.userId }, body: { role: "viewer" }, expect: [] },
      B.owner.token,
    );
    const r = await call(
      "members/[userId]/route.ts PATCH",
      { label: "", params: { userId: randomId }, body: { role: "viewer" }, expect: [] },
      B.owner.token,
    );
    expect([a.status, a.text]).toEqual([r.status, r.text]);
  });
});
