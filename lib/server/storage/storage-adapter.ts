import "server-only";

/** Object storage used for published artifacts (SPEC §4). Keys are built by our code only. */
export interface StorageAdapter {
  readonly name: string;
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(keys: string[]): Promise<void>;
  list(prefix: string): Promise<string[]>;
  /** Throws when the store cannot be reached or written. */
  health(): Promise<void>;
}
