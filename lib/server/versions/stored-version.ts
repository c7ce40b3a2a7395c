import "server-only";
import type { StorageAdapter } from "@/lib/server/storage";
import { currentKey, ZCurrentJson } from "@/lib/phonebook/artifact-names";

/**
 * The version `current.json` in storage says is served (0 when none). It can be ahead of the
 * database for a phone book deleted without purge and created again under the same name: its
 * numbering continues from there, so published files are never overwritten and clients of the
 * old book get correct deltas to the new one.
 */
export async function storedCurrentVersion(storage: StorageAdapter, orgSlug: string, name: string): Promise<number> {
  const raw = await storage.get(currentKey(orgSlug, name));
  if (!raw) return 0;
  const parsed = ZCurrentJson.safeParse(JSON.parse(raw.toString("utf8")));
  return parsed.success ? parsed.data.version : 0;
}
