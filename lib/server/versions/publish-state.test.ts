import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { activateBuild, BuildLease, rollBackBuild, type TBuild } from "./publish-state";
import { reconcilePublishes } from "./reconcile-publishes";

async function building(leaseMs: number) {
  const { actors } = await makeOrg(["admin"]);
  const name = pbName();
  await createPhonebook({ actor: actors.admin, input: { name, description: "" } });
  const pb = await db.phonebook.findFirstOrThrow({ where: { orgId: actors.admin.orgId, name } });
  const row = await db.version.create({ data: { phonebookId: pb.id, number: 1, popCount: 0, state: "building", leaseUntil: new Date() } });
  const [lease] = await db.$queryRaw<{ lease_until: Date }[]>`
    UPDATE version SET lease_until = now() + ${leaseMs}::int * interval '1 millisecond' WHERE id = ${row.id}::uuid RETURNING lease_until`;
  const build: TBuild = { id: row.id, phonebookId: pb.id, number: 1, orgSlug: actors.admin.orgSlug, name, previousCurrent: null };
  return { build, token: lease?.lease_until ?? new Date(), actor: actors.admin };
}

describe("the lease of a building version", () => {
  it("fences a publisher whose lease expired and was taken over: it can neither activate nor roll back", async () => {
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-lease-")));
    const { build, token } = await building(100);
    const stale = new BuildLease(build, token, 100);
    await new Promise((r) => setTimeout(r, 150));
    // Another process takes it over (as reconcile does once the lease has expired)...
    await db.$executeRaw`UPDATE version SET lease_until = now() + interval '30 seconds' WHERE id = ${build.id}::uuid`;
    // ...so the stale holder's steps fail and change nothing.
    await expect(stale.renew()).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("lost its lease") as unknown });
    await expect(activateBuild(stale, async () => undefined)).rejects.toMatchObject({ code: "conflict" });
    await expect(rollBackBuild(storage, stale)).rejects.toMatchObject({ code: "conflict" });
    expect(await db.version.findMany({ where: { phonebookId: build.phonebookId }, select: { state: true } })).toEqual([
      { state: "building" },
    ]);
    expect((await db.phonebook.findUniqueOrThrow({ where: { id: build.phonebookId } })).currentVersion).toBe(0);
    await db.version.delete({ where: { id: build.id } }); // no building row left for other tests' reconciles
  });

  it("is renewed by its heartbeat, so reconcile leaves a live publish alone", async () => {
    const storage = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-lease-")));
    const { build, token } = await building(300);
    const lease = new BuildLease(build, token, 300);
    lease.start();
    await new Promise((r) => setTimeout(r, 700));
    expect(await reconcilePublishes({ storage, phonebookId: build.phonebookId })).toEqual({
      finished: [],
      rolledBack: [],
      inProgress: [`${build.orgSlug}/${build.name}/1`],
    });
    await lease.stop();
    await activateBuild(lease, async () => undefined);
    expect(await db.version.findUniqueOrThrow({ where: { id: build.id } })).toMatchObject({ state: "active", leaseUntil: null });
    expect((await db.phonebook.findUniqueOrThrow({ where: { id: build.phonebookId } })).currentVersion).toBe(1);
  });
});

describe("markPending during a build", () => {
  it("releases the rows an edit touches again from the building version, duplicates included", async () => {
    const { markPending } = await import("@/lib/server/pops/pending-changes");
    const { build } = await building(30_000);
    await db.pendingChange.createMany({
      data: [1, 2, 3].map((popIndex) => ({ phonebookId: build.phonebookId, popIndex, versionId: build.id })),
    });
    await db.$transaction((tx) => markPending(tx, build.phonebookId, [2, 2, 4, 4]));
    const rows = await db.pendingChange.findMany({ where: { phonebookId: build.phonebookId }, orderBy: { popIndex: "asc" } });
    expect(rows.map((r) => [r.popIndex, r.versionId])).toEqual([
      [1, build.id],
      [2, null],
      [3, build.id],
      [4, null],
    ]);
    await db.version.delete({ where: { id: build.id } });
  });
});
