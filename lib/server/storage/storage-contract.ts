import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { StorageAdapter } from "./storage-adapter";

export type StorageContractOptions = {
  /** Keys written by the "many keys" case; above 1,000 exercises S3 paging and delete batches. */
  manyKeys?: number;
};

/** Whole range of byte values, including NUL and bytes that are not valid UTF-8. */
const BINARY = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)]);

/** A folder no other case (or run) writes to, so cases can share one store. */
const freshFolder = (): string => `org-${randomUUID()}/PB`;

async function putMany(storage: StorageAdapter, keys: string[]): Promise<void> {
  const queue = [...keys];
  const worker = async (): Promise<void> => {
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      await storage.put(key, Buffer.from(key), "text/plain");
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/**
 * The behaviour every StorageAdapter must share (SPEC §4), as a vitest suite.
 * `makeAdapter` runs once, in `beforeAll`, so it may depend on servers started by outer hooks.
 */
export function runStorageContract(
  name: string,
  makeAdapter: () => StorageAdapter | Promise<StorageAdapter>,
  options: StorageContractOptions = {},
): void {
  const manyKeys = options.manyKeys ?? 25;

  describe(`StorageAdapter contract: ${name}`, () => {
    let storage: StorageAdapter;

    beforeAll(async () => {
      storage = await makeAdapter();
    });

    it("reports healthy", async () => {
      await expect(storage.health()).resolves.toBeUndefined();
    });

    it("returns the bytes put, binary included", async () => {
      const folder = freshFolder();
      await storage.put(`${folder}/1/PB_1_full.cab`, BINARY, "application/vnd.ms-cab-compressed");
      await storage.put(`${folder}/1/PB.pbk`, Buffer.alloc(0), "text/plain");
      const back = await storage.get(`${folder}/1/PB_1_full.cab`);
      expect(back).toBeInstanceOf(Buffer);
      expect(back?.equals(BINARY)).toBe(true);
      expect((await storage.get(`${folder}/1/PB.pbk`))?.length).toBe(0);
    });

    it("overwrites an existing key", async () => {
      const key = `${freshFolder()}/current.json`;
      await storage.put(key, Buffer.from('{"version":1}'), "application/json");
      await storage.put(key, Buffer.from('{"version":2}'), "application/json");
      expect((await storage.get(key))?.toString()).toBe('{"version":2}');
      expect(await storage.list(key.replace(/\/current\.json$/, ""))).toEqual([key]);
    });

    it("returns null for a missing key, a folder, and their heads", async () => {
      const folder = freshFolder();
      await storage.put(`${folder}/1/PB.ver`, Buffer.from("1"), "text/plain");
      expect(await storage.get(`${folder}/missing.cab`)).toBeNull();
      expect(await storage.get(`${folder}/1`)).toBeNull();
      expect(await storage.head(`${folder}/missing.cab`)).toBeNull();
      expect(await storage.head(`${folder}/1`)).toBeNull();
    });

    it("heads an object with its size and a changing etag", async () => {
      const key = `${freshFolder()}/current.json`;
      await storage.put(key, Buffer.from("first"), "application/json");
      const first = await storage.head(key);
      expect(first?.size).toBe(5);
      await storage.put(key, Buffer.from("second!"), "application/json");
      const second = await storage.head(key);
      expect(second?.size).toBe(7);
      if (first?.etag !== undefined || second?.etag !== undefined) {
        expect(second?.etag).toMatch(/^"[^"]+"$/);
        expect(second?.etag).not.toBe(first?.etag);
      }
    });

    it("lists the keys under a folder, nested, and nothing outside it", async () => {
      const org = `org-${randomUUID()}`;
      const keys = [`${org}/PB/1/PB.pbk`, `${org}/PB/1/PB_1_full.cab`, `${org}/PB/2/PB.pbk`, `${org}/PB/current.json`];
      await putMany(storage, [...keys, `${org}/PB2/current.json`, `${org}/OTHER/1/PB.pbk`]);
      expect(await storage.list(`${org}/PB`)).toEqual(keys);
      expect(await storage.list(`${org}/PB/`)).toEqual(keys);
      expect(await storage.list(`${org}/PB/1`)).toEqual(keys.slice(0, 2));
      expect(await storage.list(`${org}`)).toHaveLength(6);
      expect(await storage.list(`${org}/NOPE`)).toEqual([]);
      expect(await storage.list(`${org}/PB/current.json`)).toEqual([]);
      expect(await storage.list("")).toEqual(expect.arrayContaining(keys));
    });

    it(`lists and deletes many keys (${manyKeys})`, async () => {
      const folder = freshFolder();
      const keys = Array.from({ length: manyKeys }, (_, i) => `${folder}/${String(i).padStart(5, "0")}.pbr`);
      await putMany(storage, keys);
      expect(await storage.list(folder)).toEqual(keys);
      await storage.delete(keys);
      expect(await storage.list(folder)).toEqual([]);
    });

    it("deletes some keys, ignores missing ones and repeats", async () => {
      const folder = freshFolder();
      const keys = [`${folder}/1/PB.pbk`, `${folder}/1/PB.pbr`, `${folder}/current.json`];
      await putMany(storage, keys);
      await storage.delete([keys[0] ?? "", `${folder}/never-written.cab`]);
      expect(await storage.list(folder)).toEqual(keys.slice(1));
      await storage.delete([keys[0] ?? ""]);
      await storage.delete([]);
      await storage.delete(keys);
      await storage.delete(keys);
      expect(await storage.list(folder)).toEqual([]);
      expect(await storage.get(`${folder}/current.json`)).toBeNull();
    });

    it.each([
      "",
      "../escape",
      "org/../../etc/passwd",
      "org/./PB",
      "/absolute",
      "org//PB",
      "org/PB/",
      "org\\PB",
      "org/PB name",
      "org/PB%2F..",
      "org/PB\u00e9",
      "org/PB\n",
    ])("refuses the unsafe key %j", async (key) => {
      const bad = /unsafe storage key/;
      await expect(storage.put(key, Buffer.from("x"), "text/plain")).rejects.toThrow(bad);
      await expect(storage.get(key)).rejects.toThrow(bad);
      await expect(storage.head(key)).rejects.toThrow(bad);
      await expect(storage.delete(["org/PB/ok.txt", key])).rejects.toThrow(bad);
      expect(() => storage.publicUrl(key)).toThrow(bad);
    });

    it("refuses an unsafe list prefix and does not delete anything when one key is unsafe", async () => {
      await expect(storage.list("../")).rejects.toThrow(/unsafe storage key/);
      const key = `${freshFolder()}/current.json`;
      await storage.put(key, Buffer.from("{}"), "application/json");
      await expect(storage.delete([key, "../x"])).rejects.toThrow(/unsafe storage key/);
      expect(await storage.get(key)).not.toBeNull();
    });
  });
}
