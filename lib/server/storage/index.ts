import "server-only";
import { env } from "@/lib/env";
import { FilesystemStorage } from "./filesystem";
import type { StorageAdapter } from "./storage-adapter";

let instance: StorageAdapter | undefined;

/** The storage adapter chosen by STORAGE_DRIVER (filesystem unless set to s3). */
export function getStorage(): StorageAdapter {
  if (instance) return instance;
  const e = env();
  if (e.STORAGE_DRIVER === "s3") throw new Error("STORAGE_DRIVER=s3 is not available yet in this build");
  instance = new FilesystemStorage(e.STORAGE_DIR);
  return instance;
}

export type { StorageAdapter } from "./storage-adapter";
