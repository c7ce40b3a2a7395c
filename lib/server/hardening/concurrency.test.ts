import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as pop from "@/app/api/v1/phonebooks/[name]/pops/[popIndex]/route";
import * as regions from "@/app/api/v1/phonebooks/[name]/regions/route";
import * as publish from "@/app/api/v1/phonebooks/[name]/publish/route";
import { readCabinet } from "@/lib/cab";
import { currentKey, versionKey, ZCurrentJson } from "@/lib/phonebook/artifact-names";
import { applyDelta, diffPbk } from "@/lib/phonebook/delta";
import { db } from "@/lib/server/db";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { renderCurrent } from "@/lib/server/versions/render-current";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";

// Imports, POP edits and publishes of one phone book fired together, round after round.
// Each POP is touched by at most one operation per round, so every version published in
// round r must show, POP by POP, either the state before the round or the state after it;
// an import (one transaction) must appear whole or not at all; versions stay gapless and
// their recorded counts and delta cabs agree with the stored .pbk files.

type TActors = Awaited<ReturnType<typeof makeOrg>>["actors"];
type TAnswer = Awaited<ReturnType<typeof callRoute>>;

const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment,action";
const ROUNDS = 5;
const IMPORTS = 4;
const EDITS = 5;
const PUBLISHES = 4;

let storage: FilesystemStorage;
let actors: TActors;

beforeAll(async () => {
  storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-concurrency-")));
  setStorageForTests(storage);
  actors = (await makeOrg(["admin", "editor"])).actors;
});

afterAll(() => setStorageForTests(undefined));

async function newPhonebook(): Promise<{ name: string; id: string }> {
  const name = pbName();
  const res = await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } });
  expect(res.status).toBe(201);
  const row = await db.phonebook.findFirstOrThrow({ where: { orgId: actors.admin.orgId, nameKey: name.toUpperCase() } });
  return { name, id: row.id };
}

const csvRow = (i: number, access: string, action = "") =>
  `${i},1,${i % 2 ? "North" : ""},City ${i},425,${access},9600,56000,0,ISP,true,,${action}`;
const importCsv = (name: string, lines: string[]) =>
  callRoute(imports.POST, {
    method: "POST",
    token: actors.editor.token,
    params: { name },
    rawBody: `${[HEADER, ...lines].join("\r\n")}\r\n`,
    contentType: "text/csv",
    path: "/x?mode=merge",
  });
const publishRoute = (name: string) => callRoute(publish.POST, { method: "POST", token: actors.admin.token, params: { name } });

/** popIndex → .pbk line. */
const linesOf = (pbk: string): Map<number, string> =>
  new Map(
    pbk
      .split("\r\n")
      .filter(Boolean)
      .map((l) => [Number(l.slice(0, l.indexOf(","))), l]),
  );

const stored = async (org: string, name: string, version: number, file: string): Promise<Buffer> => {
  const data = await storage.get(versionKey(org, name, version, file));
  if (!data) throw new Error(`version ${version} has no ${file} in storage`);
  return data;
};

/** Deterministic shuffle so the firing order varies per round but reproduces. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const describeAnswer = (a: TAnswer) => `${a.status} ${a.text.slice(0, 300)}`;
const codeOf = (a: TAnswer) => (a.json.error as { code?: string } | undefined)?.code;

describe("concurrent imports, POP edits and publishes of one phone book", () => {
  it("keeps versions gapless, each version a consistent cut of the data, counts and deltas right", async () => {
    const { name, id } = await newPhonebook();
    const org = actors.admin.orgSlug;
    expect(
      (await callRoute(regions.POST, { method: "POST", token: actors.editor.token, params: { name }, body: { name: "North" } })).status,
    ).toBe(201);
    const seed = await importCsv(
      name,
      Array.from({ length: 60 }, (_, k) => csvRow(k + 1, `1000${k + 1}`)),
    );
    expect(seed.status, describeAnswer(seed)).toBe(200);
    expect((await publishRoute(name)).status).toBe(201);

    /** Version → round it was published in (0 = set-up). */
    const roundOf = new Map<number, number>([[1, 0]]);
    const snapshots: Map<number, string>[] = [];
    const importSets: { round: number; indexes: number[]; ok: boolean }[] = [];
    const failures: string[] = [];

    for (let r = 1; r <= ROUNDS; r++) {
      const before = linesOf((await renderCurrent(db, id)).pbk);
      type TOp = { kind: "import" | "edit" | "publish"; label: string; run: () => Promise<TAnswer>; indexes: number[] };
      const ops: TOp[] = [];
      for (let j = 0; j < IMPORTS; j++) {
        // Edits three existing POPs, adds five, deletes one this import added last round.
        const edited = [1, 2, 3].map((k) => 10 * j + k);
        const added = [0, 1, 2, 3, 4].map((k) => 1000 + r * 100 + j * 10 + k);
        const deleted = r > 1 ? [1000 + (r - 1) * 100 + j * 10] : [];
        const lines = [
          ...edited.map((i) => csvRow(i, `${r}${j}0${i}`)),
          ...added.map((i) => csvRow(i, `${r}${j}1${i}`)),
          ...deleted.map((i) => `${i},,,,,,,,,,,,delete`),
        ];
        ops.push({
          kind: "import",
          label: `round ${r} import ${j}`,
          run: () => importCsv(name, lines),
          indexes: [...edited, ...added, ...deleted],
        });
      }
      for (let k = 0; k < EDITS; k++) {
        const popIndex = 40 + 2 * k;
        // The last edit also takes its POP out of service in odd rounds and back in even ones.
        const body = k === EDITS - 1 ? { accessNumber: `9${r}${k}`, inService: r % 2 === 0 } : { accessNumber: `9${r}${k}` };
        ops.push({
          kind: "edit",
          label: `round ${r} edit POP ${popIndex}`,
          run: () =>
            callRoute(pop.PATCH, { method: "PATCH", token: actors.editor.token, params: { name, popIndex: String(popIndex) }, body }),
          indexes: [popIndex],
        });
      }
      for (let p = 0; p < PUBLISHES; p++)
        ops.push({ kind: "publish", label: `round ${r} publish ${p}`, run: () => publishRoute(name), indexes: [] });

      const order = shuffled(ops, r * 7919);
      const settled = await Promise.allSettled(order.map((op) => op.run()));
      settled.forEach((s, k) => {
        const op = order[k] as TOp;
        if (s.status === "rejected") {
          failures.push(`${op.label} threw ${String(s.reason)}`);
          return;
        }
        const a = s.value;
        if (op.kind === "publish") {
          if (a.status === 201) roundOf.set(a.json.version as number, r);
          else if (a.status !== 409 || codeOf(a) !== "conflict") failures.push(`${op.label}: ${describeAnswer(a)}`);
        } else if (op.kind === "import") {
          importSets.push({ round: r, indexes: op.indexes, ok: a.status === 200 });
          // A refused import must be a typed error (4xx with a code), never an internal one.
          if (a.status !== 200 && (a.status >= 500 || !codeOf(a) || codeOf(a) === "internal"))
            failures.push(`${op.label}: ${describeAnswer(a)}`);
        } else if (a.status !== 200) {
          failures.push(`${op.label}: ${describeAnswer(a)}`);
        }
      });
      snapshots[r] = before;
      snapshots[r + 1] = linesOf((await renderCurrent(db, id)).pbk);
    }
    expect(failures, failures.join("\n")).toEqual([]);

    // A last publish makes everything current (or finds nothing left to publish).
    const last = await publishRoute(name);
    expect([201, 409], describeAnswer(last)).toContain(last.status);
    if (last.status === 201) roundOf.set(last.json.version as number, ROUNDS + 1);
    else expect(codeOf(last)).toBe("conflict");

    const versions = await db.version.findMany({ where: { phonebookId: id }, orderBy: { number: "asc" }, include: { artifacts: true } });
    const N = versions.length;
    expect(versions.map((v) => v.number)).toEqual(Array.from({ length: N }, (_, k) => k + 1));
    expect([...roundOf.keys()].sort((a, b) => a - b)).toEqual(versions.map((v) => v.number));
    expect(N).toBeGreaterThanOrEqual(ROUNDS + 1);
    expect((await db.phonebook.findUniqueOrThrow({ where: { id } })).currentVersion).toBe(N);
    const current = ZCurrentJson.parse(JSON.parse((await storage.get(currentKey(org, name)))?.toString() ?? "null"));
    expect(current.version).toBe(N);
    expect(await db.pendingChange.count({ where: { phonebookId: id } })).toBe(0);
    const now = await renderCurrent(db, id);
    const pbks: string[] = [""];
    for (let v = 1; v <= N; v++) pbks[v] = (await stored(org, name, v, `${name}.pbk`)).toString("latin1");
    expect(pbks[N]).toBe(now.pbk);
    expect((await stored(org, name, N, `${name}.pbr`)).toString("latin1")).toBe(now.pbr);

    for (const version of versions) {
      const v = version.number;
      const pbk = pbks[v] ?? "";
      // Recorded counts are the line diff of consecutive stored .pbk files.
      const diff = diffPbk(pbks[v - 1] ?? "", pbk);
      expect({ v, added: version.added, changed: version.changed, removed: version.removed, popCount: version.popCount }).toEqual({
        v,
        added: diff.added.length,
        changed: diff.changed.length,
        removed: diff.removed.length,
        popCount: linesOf(pbk).size,
      });
      // Every artifact row has its bytes in storage, and every delta cab leads from c to exactly v.
      for (const artifact of version.artifacts) {
        const data = await storage.get(artifact.storageKey);
        expect(data && createHash("sha256").update(data).digest("hex"), `${artifact.storageKey}`).toBe(artifact.sha256);
        if (artifact.kind === "delta") {
          const files = new Map(readCabinet(data ?? Buffer.alloc(0)).files.map((f) => [f.name, f.data.toString("latin1")]));
          expect(files.get(`${name}.ver`)).toBe(`${v}\r\n`);
          expect(
            applyDelta(pbks[artifact.fromVersion ?? 0] ?? "", files.get(`${name}.pbd`) ?? ""),
            `delta ${artifact.fromVersion}→${v}`,
          ).toBe(pbk);
        }
      }
      // A version of round r shows each POP as it was before the round or after it, nothing else.
      const r = roundOf.get(v) ?? -1;
      if (r < 1) continue;
      const before = snapshots[r] ?? new Map<number, string>();
      const after = snapshots[r + 1] ?? new Map<number, string>();
      const got = linesOf(pbk);
      const state = new Map<number, "before" | "after">();
      for (const p of new Set([...before.keys(), ...after.keys(), ...got.keys()])) {
        const line = got.get(p);
        const b = before.get(p);
        const a = after.get(p);
        expect(line === b || line === a, `version ${v} (round ${r}) POP ${p}: ${line} is neither ${b} nor ${a}`).toBe(true);
        if (b !== a) state.set(p, line === a ? "after" : "before");
      }
      // An import is one transaction: all of its rows or none.
      for (const set of importSets.filter((s) => s.round === r)) {
        const seen = new Set(set.indexes.filter((p) => state.has(p)).map((p) => state.get(p)));
        expect(seen.size, `version ${v}: import of round ${r} (${set.indexes.join(",")}) is half applied`).toBeLessThanOrEqual(1);
      }
    }
    // Within a round, a later version never loses a change an earlier one had.
    for (const version of versions.slice(1)) {
      const v = version.number;
      if (roundOf.get(v) !== roundOf.get(v - 1) || (roundOf.get(v) ?? 0) < 1) continue;
      const r = roundOf.get(v) ?? 0;
      const after = snapshots[r + 1] ?? new Map<number, string>();
      const before = snapshots[r] ?? new Map<number, string>();
      const prev = linesOf(pbks[v - 1] ?? "");
      const got = linesOf(pbks[v] ?? "");
      for (const p of new Set([...after.keys(), ...before.keys()])) {
        if (before.get(p) !== after.get(p) && prev.get(p) === after.get(p))
          expect(got.get(p), `version ${v} undid POP ${p}`).toBe(after.get(p));
      }
    }
  }, 60_000);

  it("ten concurrent publishes of one change set make exactly one new version", async () => {
    const { name, id } = await newPhonebook();
    expect((await importCsv(name, [csvRow(1, "5551"), csvRow(2, "5552")])).status).toBe(200);
    expect((await publishRoute(name)).status).toBe(201);
    expect(
      (
        await callRoute(pop.PATCH, {
          method: "PATCH",
          token: actors.editor.token,
          params: { name, popIndex: "1" },
          body: { accessNumber: "5559" },
        })
      ).status,
    ).toBe(200);
    const results = await Promise.all(Array.from({ length: 10 }, () => publishRoute(name)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, results.map(describeAnswer).join("\n")).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(codeOf(r)).toBe("conflict");
    expect(results.find((r) => r.status === 201)?.json.version).toBe(2);
    expect((await db.version.findMany({ where: { phonebookId: id }, orderBy: { number: "asc" } })).map((v) => v.number)).toEqual([1, 2]);
    expect(await db.pendingChange.count({ where: { phonebookId: id } })).toBe(0);
    const current = ZCurrentJson.parse(JSON.parse((await storage.get(currentKey(actors.admin.orgSlug, name)))?.toString() ?? "null"));
    expect(current.version).toBe(2);
    expect((await stored(actors.admin.orgSlug, name, 2, `${name}.pbk`)).toString("latin1")).toBe((await renderCurrent(db, id)).pbk);
  }, 30_000);
});
