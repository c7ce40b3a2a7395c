import "server-only";
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertSafeKey, normalizeListPrefix } from "./storage-adapter";
import type { StorageAdapter, StorageObjectInfo } from "./storage-adapter";

/** A missing file, or a key that names a folder or runs through a file. */
const isMissing = (error: unknown): boolean => ["ENOENT", "ENOTDIR", "EISDIR"].includes((error as NodeJS.ErrnoException).code ?? "");

/** `folder`, or the nearest path above it when it does not exist yet, and whether that is a folder. */
async function nearestExisting(folder: string): Promise<{ found: string; isFolder: boolean }> {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      return { found: current, isFolder: (await stat(current)).isDirectory() };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || path.dirname(current) === current) throw error;
    }
  }
}

/** Stores objects as files under one root folder (the zero-service default). */
export class FilesystemStorage implements StorageAdapter {
  readonly name = "filesystem";
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private file(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, key);
  }

  // A plain file keeps no content type; only object stores record it.
  async put(key: string, data: Buffer, _contentType: string): Promise<void> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Write then rename, so a reader never sees half a file; a failed write or rename
    // removes its temporary file.
    const temp = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, data);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async head(key: string): Promise<StorageObjectInfo | null> {
    try {
      const info = await stat(this.file(key));
      if (!info.isFile()) return null;
      // Files are replaced by rename, so size + mtime changes whenever the content does.
      return { size: info.size, etag: `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"` };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    const files = keys.map((key) => this.file(key));
    await Promise.all(files.map((file) => rm(file, { force: true })));
  }

  async list(prefix: string): Promise<string[]> {
    const folder = normalizeListPrefix(prefix);
    const base = folder === "" ? this.root : path.join(this.root, folder);
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        // Skipped: temporary files of puts, and ".health-" probes an earlier health check wrote.
        if (entry.isDirectory()) await walk(full);
        else if (!entry.name.endsWith(".tmp") && !entry.name.startsWith(".health-")) {
          out.push(path.relative(this.root, full).split(path.sep).join("/"));
        }
      }
    };
    await walk(base);
    return out.sort();
  }

  publicUrl(key: string): string | null {
    assertSafeKey(key);
    return null;
  }

  // Read-only: the root, or before the first put the folder it will be created in, must be
  // a folder this process may write to.
  async health(): Promise<void> {
    const { found, isFolder } = await nearestExisting(this.root);
    if (!isFolder) throw new Error(`Storage root ${this.root} runs through a file: ${found}`);
    await access(found, constants.R_OK | constants.W_OK | constants.X_OK);
  }
}
