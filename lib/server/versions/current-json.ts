import "server-only";
import type { StorageAdapter } from "@/lib/server/storage";
import { currentKey, type TCurrentJson } from "@/lib/phonebook/artifact-names";

type TArtifactRef = { name: string; kind: string; fromVersion: number | null; size: number; sha256: string };

/** The current.json of a version, from its artifact rows (or the files a publish just built). */
export function currentJsonOf(name: string, version: number, artifacts: TArtifactRef[], publishedAt: Date): TCurrentJson {
  const full = artifacts.find((a) => a.kind === "full");
  if (!full) throw new Error(`version ${version} of ${name} has no full cab`);
  return {
    version,
    name,
    full: full.name,
    deltas: Object.fromEntries(artifacts.filter((a) => a.kind === "delta").map((a) => [String(a.fromVersion), a.name])),
    sha256: Object.fromEntries(artifacts.map((a) => [a.name, a.sha256])),
    size: Object.fromEntries(artifacts.map((a) => [a.name, a.size])),
    publishedAt: publishedAt.toISOString(),
  };
}

/**
 * The one writer of `<org>/<PB>/current.json`: what the PBS serves. `null` deletes it (a
 * rolled-back first publish); bytes are put back as they were (a rolled-back later one).
 */
export async function writeCurrentJson(
  storage: StorageAdapter,
  orgSlug: string,
  name: string,
  content: TCurrentJson | Buffer | null,
): Promise<void> {
  const key = currentKey(orgSlug, name);
  if (content === null) return storage.delete([key]);
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content));
  await storage.put(key, bytes, "application/json");
}
