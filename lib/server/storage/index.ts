import "server-only";
import { env } from "@/lib/env";
import type { TEnv } from "@/lib/env";
import { FilesystemStorage } from "./filesystem";
import { S3Storage } from "./s3";
import type { StorageAdapter } from "./storage-adapter";

let instance: StorageAdapter | undefined;

function s3FromEnv(e: TEnv): S3Storage {
  const missing: string[] = [];
  if (!e.S3_BUCKET) missing.push("S3_BUCKET");
  // A lone key id or secret is a typo, not a request for the default credential chain.
  if (e.S3_ACCESS_KEY_ID && !e.S3_SECRET_ACCESS_KEY) missing.push("S3_SECRET_ACCESS_KEY");
  if (e.S3_SECRET_ACCESS_KEY && !e.S3_ACCESS_KEY_ID) missing.push("S3_ACCESS_KEY_ID");
  if (!e.S3_BUCKET || missing.length > 0) {
    throw new Error(`STORAGE_DRIVER=s3 needs these environment variables: ${missing.join(", ")}`);
  }
  return new S3Storage({
    endpoint: e.S3_ENDPOINT,
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    publicUrl: e.S3_PUBLIC_URL,
  });
}

/** The storage adapter chosen by STORAGE_DRIVER (filesystem unless set to s3). */
export function getStorage(): StorageAdapter {
  if (instance) return instance;
  const e = env();
  instance = e.STORAGE_DRIVER === "s3" ? s3FromEnv(e) : new FilesystemStorage(e.STORAGE_DIR);
  return instance;
}

/** Replaces the adapter `getStorage` returns (a faulty one, say); `undefined` restores the default. */
export function setStorageForTests(adapter: StorageAdapter | undefined): void {
  instance = adapter;
}

export type { StorageAdapter, StorageObjectInfo } from "./storage-adapter";
