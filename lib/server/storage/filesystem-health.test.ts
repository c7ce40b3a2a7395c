import { mkdtemp, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FilesystemStorage } from "./filesystem";

/** Every file and folder under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map((entry) => entry.split(path.sep).join("/")).sort();
}

const PAST = new Date("2020-01-01T00:00:00Z");

describe("FilesystemStorage health", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "pba-storage-health-"));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("checks health without writing: the folder's entries and modification time stay the same", async () => {
    const storage = new FilesystemStorage(root);
    await utimes(root, PAST, PAST);
    const before = await tree(root);
    for (let i = 0; i < 3; i++) await storage.health();
    expect(await tree(root)).toEqual(before);
    expect((await stat(root)).mtime).toEqual(PAST);
  });

  it("is healthy before the first put without creating the root, and unhealthy when a file is in the way", async () => {
    const missing = path.join(root, "not-yet", "storage");
    await new FilesystemStorage(missing).health();
    await expect(stat(path.join(root, "not-yet"))).rejects.toMatchObject({ code: "ENOENT" });

    await writeFile(path.join(root, "a-file"), "x");
    await expect(new FilesystemStorage(path.join(root, "a-file")).health()).rejects.toThrow(/runs through a file/);
    await expect(new FilesystemStorage(path.join(root, "a-file", "below")).health()).rejects.toMatchObject({ code: "ENOTDIR" });
  });
});
