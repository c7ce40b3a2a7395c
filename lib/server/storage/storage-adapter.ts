import "server-only";

/** Size and entity tag of a stored object. */
export type StorageObjectInfo = {
  size: number;
  /** Quoted HTTP entity tag, ready for an `ETag` header, when the store provides one. */
  etag?: string;
};

/** Object storage used for published artifacts (SPEC §4). Keys are built by our code only. */
export interface StorageAdapter {
  readonly name: string;
  /** Stores (or replaces) an object; the whole object becomes visible at once. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is no object at that key. */
  get(key: string): Promise<Buffer | null>;
  /** Size and entity tag without reading the bytes, or null when missing. */
  head(key: string): Promise<StorageObjectInfo | null>;
  /** Deletes the objects; keys that do not exist are ignored. */
  delete(keys: string[]): Promise<void>;
  /** Every key under a folder (`org/PB` or `org/PB/`; `""` for all), sorted. */
  list(prefix: string): Promise<string[]>;
  /** The URL a CDN or the bucket serves the object at (`PBS_DELIVERY=redirect`), or null. */
  publicUrl(key: string): string | null;
  /** Throws when the store cannot be reached (or, for a folder, not written); writes nothing. */
  health(): Promise<void>;
}

const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * Throws unless the key is relative, made of [A-Za-z0-9._-] parts separated by single
 * slashes, and has no `.` or `..` part, so no adapter can escape its root or bucket prefix.
 */
export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.split("/").some((part) => part === ".." || part === ".")) {
    throw new Error(`Refusing unsafe storage key ${JSON.stringify(key)}`);
  }
}

/** A `list` prefix as a folder: `""` or a safe key followed by one `/`. */
export function normalizeListPrefix(prefix: string): string {
  const folder = prefix.replace(/\/$/, "");
  if (folder === "") return "";
  assertSafeKey(folder);
  return `${folder}/`;
}
