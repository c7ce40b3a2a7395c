import crypto from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FilesystemStorage } from "./filesystem";
import { S3Storage } from "./s3";
import type { S3StorageOptions } from "./s3";
import type { StorageAdapter } from "./storage-adapter";
import { runStorageContract } from "./storage-contract";

// s3rver ships no type declarations; this is the part of its API the tests use.
type S3rverInstance = { run(): Promise<{ port: number }>; close(): Promise<void> };
type S3rverOptions = {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
};
const requireCjs = createRequire(import.meta.url);
const S3rver = requireCjs("s3rver") as new (options: S3rverOptions) => S3rverInstance;

/**
 * Works around two s3rver 3.7 bugs that real S3 does not have, for the duration of the suite:
 * - it encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 17+)
 *   refuses without --openssl-legacy-provider, so every truncated listing fails with HTTP 500;
 *   we swap in AES for that cipher only (the token is opaque to clients);
 * - DeleteObjects removes keys concurrently and each removal prunes empty folders, so two keys
 *   in one folder race on rmdir and the request fails with ENOENT; we ignore that ENOENT.
 * Returns the function that undoes both.
 */
function patchS3rver(): () => void {
  const double = (bytes: crypto.BinaryLike | crypto.CipherKey | null): Buffer => {
    const buffer = Buffer.from(bytes as Uint8Array);
    return Buffer.concat([buffer, buffer]);
  };
  const { createCipheriv, createDecipheriv } = crypto;
  const cipher = vi
    .spyOn(crypto, "createCipheriv")
    .mockImplementation((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null) =>
      algorithm === "des" ? createCipheriv("aes-128-cbc", double(key), double(iv)) : createCipheriv(algorithm, key, iv),
    );
  const decipher = vi
    .spyOn(crypto, "createDecipheriv")
    .mockImplementation((algorithm: string, key: crypto.CipherKey, iv: crypto.BinaryLike | null) =>
      algorithm === "des" ? createDecipheriv("aes-128-cbc", double(key), double(iv)) : createDecipheriv(algorithm, key, iv),
    );

  type Store = { prototype: { deleteObject(bucket: string, key: string): Promise<void> } };
  const store = requireCjs("s3rver/lib/stores/filesystem") as Store;
  const deleteObject = store.prototype.deleteObject;
  store.prototype.deleteObject = async function (this: unknown, bucket: string, key: string) {
    try {
      await deleteObject.call(this, bucket, key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  };

  return () => {
    cipher.mockRestore();
    decipher.mockRestore();
    store.prototype.deleteObject = deleteObject;
  };
}

const BUCKET = "pba-test";

/** A TCP port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

describe("FilesystemStorage", () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "pba-storage-"));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  runStorageContract("filesystem", () => new FilesystemStorage(root));

  it("has no public URL", () => {
    expect(new FilesystemStorage(root).publicUrl("default/PB/1/PB_1_full.cab")).toBeNull();
  });
});

describe("S3Storage on s3rver", () => {
  let server: S3rverInstance;
  let directory: string;
  let endpoint: string;
  let unpatch: () => void;

  const s3 = (overrides: Partial<S3StorageOptions> = {}): S3Storage =>
    new S3Storage({
      endpoint,
      bucket: BUCKET,
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      maxAttempts: 1,
      ...overrides,
    });

  beforeAll(async () => {
    unpatch = patchS3rver();
    directory = await mkdtemp(path.join(tmpdir(), "pba-s3rver-"));
    server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server.close();
    unpatch();
    await rm(directory, { recursive: true, force: true });
  });

  runStorageContract("s3", () => s3(), { manyKeys: 1100 });
  runStorageContract("s3 with a key prefix", () => s3({ prefix: "tenant-a/" }));

  it("keeps prefixed keys inside their prefix", async () => {
    const prefixed = s3({ prefix: "tenant-b" });
    await prefixed.put("default/PB/current.json", Buffer.from("{}"), "application/json");
    expect(await s3().list("tenant-b/default/PB")).toEqual(["tenant-b/default/PB/current.json"]);
    expect(await prefixed.list("default/PB")).toEqual(["default/PB/current.json"]);
  });

  it("builds public URLs from S3_PUBLIC_URL, or none without it", () => {
    const key = "default/PB/1/PB_1_full.cab";
    expect(s3().publicUrl(key)).toBeNull();
    expect(s3({ publicUrl: "https://cdn.example.com/pb/" }).publicUrl(key)).toBe(`https://cdn.example.com/pb/${key}`);
    expect(s3({ publicUrl: "https://cdn.example.com" }).publicUrl(key)).toBe(`https://cdn.example.com/${key}`);
    expect(s3({ publicUrl: "https://cdn.example.com", prefix: "pba" }).publicUrl(key)).toBe(`https://cdn.example.com/pba/${key}`);
  });

  it("fails health with the endpoint and bucket named when the endpoint is down", async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const storage = s3({ endpoint: down, connectionTimeoutMs: 1_000, requestTimeoutMs: 1_000 });
    const started = Date.now();
    const error = await storage.health().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(down);
    expect((error as Error).message).toContain(`bucket ${BUCKET}`);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("fails health when the bucket does not exist", async () => {
    await expect(s3({ bucket: "no-such-bucket" }).health()).rejects.toThrow(/HeadBucket on bucket no-such-bucket .*does not exist/);
  });

  it("throws rather than reporting a missing object when the bucket is missing", async () => {
    await expect(s3({ bucket: "no-such-bucket" }).get("default/PB/current.json")).rejects.toThrow(
      "S3 GetObject failed for s3://no-such-bucket/default/PB/current.json: NoSuchBucket",
    );
  });

  it("names the operation, bucket and key when a request fails", async () => {
    await expect(s3({ bucket: "no-such-bucket" }).put("default/PB/current.json", Buffer.from("{}"), "application/json")).rejects.toThrow(
      "S3 PutObject failed for s3://no-such-bucket/default/PB/current.json: NoSuchBucket",
    );
  });

  it("refuses a lone access key id", () => {
    expect(() => s3({ secretAccessKey: undefined })).toThrow(/both an access key id and a secret access key/);
  });
});

describe("getStorage", () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
    vi.resetModules();
  });

  // env() caches, so each case loads fresh modules after setting the environment.
  const load = async (vars: Record<string, string | undefined>) => {
    vi.resetModules();
    for (const [name, value] of Object.entries(vars)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    return import("./index");
  };

  it("uses the filesystem by default", async () => {
    const { getStorage } = await load({ STORAGE_DRIVER: undefined });
    expect(getStorage().name).toBe("filesystem");
  });

  it("lists the missing variables for STORAGE_DRIVER=s3", async () => {
    const { getStorage } = await load({ STORAGE_DRIVER: "s3", S3_BUCKET: undefined, S3_ACCESS_KEY_ID: "key" });
    expect(() => getStorage()).toThrow("STORAGE_DRIVER=s3 needs these environment variables: S3_BUCKET, S3_SECRET_ACCESS_KEY");
  });

  it("builds S3Storage from the S3_* variables", async () => {
    const { getStorage } = await load({
      STORAGE_DRIVER: "s3",
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: "http://127.0.0.1:9",
      S3_PUBLIC_URL: "https://cdn.example.com/",
    });
    const storage = getStorage();
    expect(storage.name).toBe("s3");
    expect(storage.publicUrl("default/PB/current.json")).toBe("https://cdn.example.com/default/PB/current.json");
  });

  it("lets tests inject an adapter and restore the default", async () => {
    const { getStorage, setStorageForTests } = await load({ STORAGE_DRIVER: undefined });
    const down = () => Promise.reject(new Error("storage down"));
    const faulty: StorageAdapter = {
      name: "faulty",
      put: down,
      get: down,
      head: down,
      delete: down,
      list: down,
      publicUrl: () => null,
      health: down,
    };
    setStorageForTests(faulty);
    expect(getStorage()).toBe(faulty);
    await expect(getStorage().health()).rejects.toThrow("storage down");
    setStorageForTests(undefined);
    expect(getStorage().name).toBe("filesystem");
  });
});
