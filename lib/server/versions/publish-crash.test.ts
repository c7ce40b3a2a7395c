import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readCabinet } from "@/lib/cab";
import { currentKey, phonebookPrefix, ZCurrentJson } from "@/lib/phonebook/artifact-names";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { createPbsCache } from "@/lib/server/pbs/current-cache";
import { handlePbsRequest } from "@/lib/server/pbs/handle-pbs-request";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { PUBLISH_STEPS, type TPublishStep } from "./publish-fault";
import { listVersions } from "./list-versions";
import { publishVersion } from "./publish-version";
import { reconcileAtStart, reconcilePublishes } from "./reconcile-publishes";

// Kill-at-each-step: a child process publishes version 2 and SIGKILLs itself right after one
// step (PBA_FAULT_PUBLISH_STEP); this process then checks the rows, files and current.json
// it left, runs the reconcile, and checks that the next publish has no gap and that the PBS
// serves the right version. The four children run at once.

const root = mkdtempSync(path.join(tmpdir(), "pba-crash-"));
const storage = new FilesystemStorage(root);
const LEASE_MS = 6000;
const repo = path.resolve(import.meta.dirname, "../../..");

type TCase = {
  step: TPublishStep;
  actor: TActor;
  name: string;
  phonebookId: string;
  exit: { code: number | null; signal: string | null };
  /** A publish tried as soon as the child died, its lease still running. */
  retryAtOnce?: unknown;
};
const cases = new Map<TPublishStep, TCase>();

function runChild(actor: TActor, name: string, step: TPublishStep): Promise<TCase["exit"]> {
  // node with tsx's loader (not the tsx CLI, which would outlive its killed child and exit 137).
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(repo, "lib/test/publish-child.ts")], {
    cwd: repo,
    env: {
      ...process.env,
      NODE_ENV: "test",
      STORAGE_DIR: root,
      PBA_FAULT_PUBLISH_STEP: step,
      PBA_TEST_ACTOR: JSON.stringify(actor),
      PBA_TEST_PHONEBOOK: name,
      PBA_TEST_LEASE_MS: String(LEASE_MS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") console.error(`child for ${step} exited ${code} ${signal}: ${output}`);
      resolve({ code, signal });
    });
  });
}

const currentVersion = async (name: string, actor: TActor) => {
  const raw = await storage.get(currentKey(actor.orgSlug, name));
  return raw ? ZCurrentJson.parse(JSON.parse(raw.toString())).version : null;
};
const storedFiles = (actor: TActor, name: string, version: number) => storage.list(`${phonebookPrefix(actor.orgSlug, name)}/${version}`);
const rowsOf = (phonebookId: string) =>
  db.version.findMany({ where: { phonebookId }, orderBy: { number: "asc" }, include: { artifacts: true } });

/** What a PBS answers a client at `pbver`: status and the version in the cab's .ver. */
async function pbsAnswer(actor: TActor, name: string, pbver: number) {
  const answer = await handlePbsRequest({
    target: `/pbserver/pbserver.dll?pb=${name}&pbver=${pbver}`,
    orgSlug: actor.orgSlug,
    method: "GET",
    cache: createPbsCache({ storage, ttlMs: 0 }),
    delivery: "stream",
  });
  if (answer.status !== 200 || !answer.body) return { status: answer.status, version: null };
  const ver = readCabinet(answer.body).files.find((f) => f.name.endsWith(".ver"));
  return { status: answer.status, version: Number(ver?.data.toString().trim()) };
}

async function waitForLeaseExpiry(phonebookId: string) {
  const building = await db.version.findFirst({ where: { phonebookId, state: "building" } });
  const until = building?.leaseUntil;
  if (until) await new Promise((r) => setTimeout(r, Math.max(0, until.getTime() - Date.now() + 50)));
}

beforeAll(async () => {
  const { actors } = await makeOrg(["admin"]);
  const actor = actors.admin;
  await Promise.all(
    PUBLISH_STEPS.map(async (step) => {
      const name = pbName();
      await createPhonebook({ actor, input: { name, description: step } });
      const pb = await db.phonebook.findFirstOrThrow({ where: { orgId: actor.orgId, name } });
      await addPop(actor, name, 1);
      await publishVersion({ actor, phonebookName: name, storage });
      await addPop(actor, name, 2);
      cases.set(step, { step, actor, name, phonebookId: pb.id, exit: { code: null, signal: null } });
    }),
  );
  await Promise.all(
    PUBLISH_STEPS.map(async (step) => {
      const c = cases.get(step)!;
      c.exit = await runChild(actor, c.name, step);
      if (step === "reserved") c.retryAtOnce = await publishVersion({ actor, phonebookName: c.name, storage }).catch((e: unknown) => e);
    }),
  );
}, 120_000);

const get = (step: TPublishStep): TCase => {
  const c = cases.get(step);
  if (!c) throw new Error(`no case ${step}`);
  return c;
};

describe("a publish killed after each step", () => {
  it("reserved: version 2 is building with nothing stored; reconcile rolls it back and the retry publishes 2", async () => {
    const { actor, name, phonebookId, exit, retryAtOnce } = get("reserved");
    expect(exit.signal).toBe("SIGKILL");
    const [v1, v2] = await rowsOf(phonebookId);
    expect([v1?.state, v2?.number, v2?.state, v2?.artifacts.length]).toEqual(["active", 2, "building", 0]);
    expect(await storedFiles(actor, name, 2)).toEqual([]);
    expect(await currentVersion(name, actor)).toBe(1);
    expect(await db.pendingChange.findMany({ where: { phonebookId }, select: { popIndex: true, versionId: true } })).toEqual([
      { popIndex: 2, versionId: v2?.id },
    ]);
    expect((await listVersions({ actor, phonebookName: name })).map((v) => v.version)).toEqual([1]);
    // Right after the kill the lease still runs: a publish then was refused, clearly.
    expect(retryAtOnce).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/A publish of .* is in progress \(version 2/) as unknown,
    });

    await waitForLeaseExpiry(phonebookId);
    const reconciled = await reconcilePublishes({ storage, phonebookId, log: () => undefined });
    expect(reconciled).toEqual({ finished: [], rolledBack: [`${actor.orgSlug}/${name}/2`], inProgress: [] });
    expect((await rowsOf(phonebookId)).map((v) => [v.number, v.state])).toEqual([[1, "active"]]);
    expect(await db.pendingChange.findMany({ where: { phonebookId }, select: { popIndex: true, versionId: true } })).toEqual([
      { popIndex: 2, versionId: null },
    ]);
    expect(await currentVersion(name, actor)).toBe(1);
    expect(await pbsAnswer(actor, name, 1)).toEqual({ status: 204, version: null });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { phonebookId, action: "version.rollback" } });
    expect(audit.summary).toContain("(0 of 5 files recorded); the previous version stays served");

    const retry = await publishVersion({ actor, phonebookName: name, storage });
    expect(retry.version).toBe(2);
    expect(await pbsAnswer(actor, name, 1)).toEqual({ status: 200, version: 2 });
    expect(await db.pendingChange.count({ where: { phonebookId } })).toBe(0);
  });

  it("storing: one file of version 2 is stored, none recorded; reconcile deletes it and rolls back, the retry publishes 2", async () => {
    const { actor, name, phonebookId, exit } = get("storing");
    expect(exit.signal).toBe("SIGKILL");
    const v2 = (await rowsOf(phonebookId))[1];
    expect([v2?.number, v2?.state, v2?.artifacts.length]).toEqual([2, "building", 0]);
    expect(await storedFiles(actor, name, 2)).toEqual([`${phonebookPrefix(actor.orgSlug, name)}/2/${name}.pbk`]);
    expect(await currentVersion(name, actor)).toBe(1);

    await waitForLeaseExpiry(phonebookId);
    const reconciled = await reconcilePublishes({ storage, phonebookId, log: () => undefined });
    expect(reconciled.rolledBack).toEqual([`${actor.orgSlug}/${name}/2`]);
    expect(await storedFiles(actor, name, 2)).toEqual([]);
    expect(await pbsAnswer(actor, name, 1)).toEqual({ status: 204, version: null });
    expect((await publishVersion({ actor, phonebookName: name, storage })).version).toBe(2);
    expect((await storedFiles(actor, name, 2)).length).toBe(5);
    expect(await pbsAnswer(actor, name, 1)).toEqual({ status: 200, version: 2 });
  });

  for (const step of ["stored", "current-written"] as const) {
    it(`${step}: every file of version 2 is stored and recorded; reconcile finishes it, the next publish is 3`, async () => {
      const { actor, name, phonebookId, exit } = get(step);
      expect(exit.signal).toBe("SIGKILL");
      const v2 = (await rowsOf(phonebookId))[1];
      expect([v2?.number, v2?.state, v2?.artifacts.length]).toEqual([2, "building", 5]);
      expect((await storedFiles(actor, name, 2)).length).toBe(5);
      expect(await currentVersion(name, actor)).toBe(step === "stored" ? 1 : 2);
      expect((await db.phonebook.findUniqueOrThrow({ where: { id: phonebookId } })).currentVersion).toBe(1);
      expect((await listVersions({ actor, phonebookName: name })).map((v) => v.version)).toEqual([1]);

      await waitForLeaseExpiry(phonebookId);
      const label = `${actor.orgSlug}/${name}/2`;
      if (step === "stored") {
        const reconciled = await reconcilePublishes({ storage, phonebookId, log: () => undefined });
        expect(reconciled).toEqual({ finished: [label], rolledBack: [], inProgress: [] });
      } else {
        // The start-up pass of scripts/start.ts: every phone book, on the configured storage.
        setStorageForTests(storage);
        const reconciled = await reconcileAtStart(() => undefined).finally(() => setStorageForTests(undefined));
        expect(reconciled?.finished).toContain(label);
      }
      expect((await rowsOf(phonebookId)).map((v) => [v.number, v.state, v.leaseUntil, v.previousCurrent])).toEqual([
        [1, "active", null, null],
        [2, "active", null, null],
      ]);
      expect((await db.phonebook.findUniqueOrThrow({ where: { id: phonebookId } })).currentVersion).toBe(2);
      expect(await db.pendingChange.count({ where: { phonebookId } })).toBe(0);
      expect(await currentVersion(name, actor)).toBe(2);
      const audit = await db.auditEvent.findFirstOrThrow({ where: { phonebookId, action: "version.publish", entityId: "2" } });
      expect(audit).toMatchObject({ actorId: actor.userId, orgId: actor.orgId });
      expect(audit.summary).toContain("finished at start-up or before a publish");
      expect(await pbsAnswer(actor, name, 1)).toEqual({ status: 200, version: 2 });

      await addPop(actor, name, 3);
      expect((await publishVersion({ actor, phonebookName: name, storage })).version).toBe(3);
      expect(await pbsAnswer(actor, name, 1)).toEqual({ status: 200, version: 3 });
      expect(await pbsAnswer(actor, name, 2)).toEqual({ status: 200, version: 3 });
    });
  }

  it("activated: version 2 is recorded and served; reconcile has nothing to do, the next publish is 3", async () => {
    const { actor, name, phonebookId, exit } = get("activated");
    expect(exit.signal).toBe("SIGKILL");
    expect((await rowsOf(phonebookId)).map((v) => [v.number, v.state])).toEqual([
      [1, "active"],
      [2, "active"],
    ]);
    expect((await db.phonebook.findUniqueOrThrow({ where: { id: phonebookId } })).currentVersion).toBe(2);
    expect(await db.pendingChange.count({ where: { phonebookId } })).toBe(0);
    expect(await currentVersion(name, actor)).toBe(2);
    expect(await reconcilePublishes({ storage, phonebookId })).toEqual({ finished: [], rolledBack: [], inProgress: [] });
    expect(await pbsAnswer(actor, name, 1)).toEqual({ status: 200, version: 2 });
    await addPop(actor, name, 3);
    expect((await publishVersion({ actor, phonebookName: name, storage })).version).toBe(3);
  });
});
