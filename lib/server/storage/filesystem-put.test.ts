import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FilesystemStorage } from "./filesystem";

// A write that fails half-way (a full disk): the adapter's writeFile writes a few bytes,
// then throws ENOSPC, while `failWrites.on` is set.
const failWrites = vi.hoisted(() => ({ on: false }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const writeFile: typeof fs.writeFile = async (file, data, options) => {
    if (!failWrites.on) return fs.writeFile(file, data, options);
    await fs.writeFile(file, "par");
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  };
  return { ...fs, writeFile };
});

/** Every file and folder under `dir`, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map((entry) => entry.split(path.sep).join("/")).sort();
}

describe("FilesystemStorage put failures", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "pba-storage-put-"));
  });

  afterEach(() => {
    failWrites.on = false;
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("removes the temporary file when the rename fails (the target is a folder)", async () => {
    const storage = new FilesystemStorage(root);
    await mkdir(path.join(root, "org/PB/1/PB.pbk"), { recursive: true });
    await expect(storage.put("org/PB/1/PB.pbk", Buffer.from("data"), "text/plain")).rejects.toMatchObject({ code: "EISDIR" });
    expect(await tree(path.join(root, "org/PB/1"))).toEqual(["PB.pbk"]);
  });

  it("removes the temporary file when the write fails half-way, and keeps the old object", async () => {
    const storage = new FilesystemStorage(root);
    await storage.put("org/PB/current.json", Buffer.from('{"version":1}'), "application/json");
    failWrites.on = true;
    await expect(storage.put("org/PB/current.json", Buffer.from('{"version":2}'), "application/json")).rejects.toMatchObject({
      code: "ENOSPC",
    });
    await expect(storage.put("org/PB/2/PB.pbk", Buffer.from("data"), "text/plain")).rejects.toMatchObject({ code: "ENOSPC" });
    failWrites.on = false;
    expect(await tree(path.join(root, "org/PB"))).toEqual(["1", "1/PB.pbk", "2", "current.json"]);
    expect((await storage.get("org/PB/current.json"))?.toString()).toBe('{"version":1}');
  });

  it("gives concurrent puts of one key their own temporary files", async () => {
    const storage = new FilesystemStorage(root);
    const bodies = Array.from({ length: 20 }, (_, i) => `body ${i}`);
    await Promise.all(bodies.map((body) => storage.put("org/SAME/current.json", Buffer.from(body), "application/json")));
    expect(await tree(path.join(root, "org/SAME"))).toEqual(["current.json"]);
    expect(bodies).toContain((await storage.get("org/SAME/current.json"))?.toString());
  });
});
