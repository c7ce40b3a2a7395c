import "server-only";
import type { StorageAdapter } from "@/lib/server/storage";
import { currentKey, ZCurrentJson, type TCurrentJson } from "@/lib/phonebook/artifact-names";

/**
 * The one reader of `<org>/<PB>/current.json`: its bytes and, when they parse, its content
 * (`current: null` for a file that does not). Null when there is none.
 */
export async function readCurrentJson(
  storage: StorageAdapter,
  orgSlug: string,
  name: string,
): Promise<{ raw: Buffer; current: TCurrentJson | null; error?: string } | null> {
  const raw = await storage.get(currentKey(orgSlug, name));
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch (error) {
    return { raw, current: null, error: (error as Error).message };
  }
  const parsed = ZCurrentJson.safeParse(json);
  return parsed.success ? { raw, current: parsed.data } : { raw, current: null, error: parsed.error.message };
}

/**
 * The version clients are served: the database's, or the one `current.json` in storage names
 * when that is ahead — a phone book deleted without purge and created again under the same
 * name continues from there, so published files are never overwritten and clients of the old
 * book get correct deltas to the new one. `raw` is the current.json read (to put it back).
 */
export async function servedVersion(
  storage: StorageAdapter,
  orgSlug: string,
  phonebook: { name: string; currentVersion: number },
): Promise<{ version: number; raw: Buffer | null }> {
  const stored = await readCurrentJson(storage, orgSlug, phonebook.name);
  return { version: Math.max(phonebook.currentVersion, stored?.current?.version ?? 0), raw: stored?.raw ?? null };
}
