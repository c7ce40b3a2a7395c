import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { runImport } from "@/lib/server/imports/run-import";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { deletePhonebook } from "@/lib/server/phonebooks/delete-phonebook";
import { updatePop } from "@/lib/server/pops/update-pop";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { addPop, makeOrg, pbName } from "@/lib/test/fixtures";
import { previewPublish } from "./preview-publish";
import { publishVersion } from "./publish-version";

// This process's pool connections carry their own application_name, so the test can see
// in pg_stat_activity whether any of them sits in a transaction during the stall.
const APP = `pba-stall-${process.pid}`;
const url = new URL(process.env.DATABASE_URL ?? "");
url.searchParams.set("application_name", APP);
process.env.DATABASE_URL = url.toString();

const STALL_MS = 10_000;
const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
const csv = (from: number, to: number) => {
  const lines = [HEADER];
  for (let i = from; i <= to; i++) lines.push(`${i},1,North,City ${i},425,555${i},9600,56000,0,MyISP,true,`);
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
};

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

describe("a publish whose storage stalls for 10 s", () => {
  it("blocks no POP edit, no import of another phone book and no pool connection", async () => {
    const real = new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-stall-")));
    const { actors } = await makeOrg(["admin", "editor"]);
    const { admin, editor } = actors;
    const name = pbName();
    const other = pbName();
    await createPhonebook({ actor: admin, input: { name, description: "" } });
    await createPhonebook({ actor: admin, input: { name: other, description: "" } });
    for (const i of [1, 2, 3]) await addPop(editor, name, i);
    await publishVersion({ actor: admin, phonebookName: name, storage: real });
    await addPop(editor, name, 4); // the change version 2 carries

    let stallStarted = (): void => undefined;
    const stalled = new Promise<void>((resolve) => (stallStarted = resolve));
    let stalledOnce = false;
    const stalling: StorageAdapter = Object.assign(Object.create(real) as StorageAdapter, {
      put: async (key: string, data: Buffer, type: string) => {
        if (!stalledOnce && key.includes("/2/")) {
          stalledOnce = true;
          stallStarted();
          await new Promise((r) => setTimeout(r, STALL_MS));
        }
        return real.put(key, data, type);
      },
    });
    const started = performance.now();
    const publishing = publishVersion({ actor: admin, phonebookName: name, storage: stalling });
    await stalled;

    // POP edits of the phone book being published, and an import into another one.
    const edit = await timed(() => updatePop({ actor: editor, phonebookName: name, popIndex: 1, patch: { name: "During" } }));
    const add = await timed(() => addPop(editor, name, 5));
    const imported = await timed(() => runImport({ actor: editor, phonebookName: other, data: csv(1, 200), mode: "merge", dryRun: false }));
    expect(imported.value).toMatchObject({ added: 200 });
    // A second publish of the same phone book is refused at once, clearly.
    const second = await timed(() => publishVersion({ actor: admin, phonebookName: name, storage: real }).catch((e: unknown) => e));
    expect(second.value).toMatchObject({ code: "conflict", message: expect.stringContaining("is in progress (version 2") as unknown });
    const preview = await previewPublish({ actor: admin, phonebookName: name, storage: real });
    expect(preview.warnings).toContain("A publish of version 2 is in progress; another publish is refused until it has finished.");
    // So is deleting it (the publish would write files and current.json for a deleted book).
    await expect(deletePhonebook({ actor: admin, name, purge: true, storage: real })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("is in progress") as unknown,
    });

    // No connection of this process is inside a transaction, and twice the pool's size of
    // queries at once all get a connection.
    const sessions = await db.$queryRaw<{ state: string | null; in_tx: boolean }[]>`
      SELECT state, xact_start IS NOT NULL AND pid <> pg_backend_pid() AS in_tx
      FROM pg_stat_activity WHERE application_name = ${APP}`;
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.filter((s) => s.in_tx)).toEqual([]);
    const burst = await timed(() => Promise.all(Array.from({ length: 20 }, () => db.$queryRaw`SELECT pg_sleep(0.05)::text`)));

    const during = performance.now() - started;
    expect(during, "the checks ran while the storage was stalled").toBeLessThan(STALL_MS - 1000);
    // Each took a small fraction of the 10 s stall (bounds generous for a loaded 2-core machine).
    expect(edit.ms, "POP edit").toBeLessThan(2000);
    expect(add.ms, "POP add").toBeLessThan(2000);
    expect(imported.ms, "import into another phone book").toBeLessThan(5000);
    expect(second.ms, "second publish refused").toBeLessThan(2000);
    expect(burst.ms, "20 queries on the pool of 10").toBeLessThan(2000);

    const published = await publishing;
    expect(published.version).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(STALL_MS);
    // Version 2 carries POP 4; the edits made while it was stored stay pending for version 3.
    const pending = await db.pendingChange.findMany({ where: { phonebook: { name, orgId: admin.orgId } }, orderBy: { popIndex: "asc" } });
    expect(pending.map((p) => [p.popIndex, p.versionId])).toEqual([
      [1, null],
      [5, null],
    ]);
    const pbk2 = (await real.get(`${admin.orgSlug}/${name}/2/${name}.pbk`))?.toString() ?? "";
    expect(pbk2).toContain("4,1,0,City4,");
    expect(pbk2).not.toContain("During");
    expect(pbk2).not.toContain("City5");
    const v3 = await publishVersion({ actor: admin, phonebookName: name, storage: real });
    expect([v3.version, v3.counts]).toEqual([3, { added: 1, changed: 1, removed: 0 }]);
  }, 30_000);
});
