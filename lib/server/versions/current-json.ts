import "server-only";
import type { StorageAdapter } from "@/lib/server/storage";
import { currentKey, type TCurrentJson, type TDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { readCurrentJson } from "./stored-version";

type TArtifactRef = { name: string; kind: string; fromVersion: number | null; size: number; sha256: string };

/**
 * The current.json of a version, from its artifact rows (or the files a publish just built),
 * with the phone book's delivery policy.
 */
export function currentJsonOf(
  name: string,
  version: number,
  artifacts: TArtifactRef[],
  publishedAt: Date,
  deliveryPolicy: TDeliveryPolicy,
): TCurrentJson {
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
    deliveryPolicy,
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

/**
 * Rewrites the phone book's `current.json` with another delivery policy, same version and
 * files, so the PBS honours it without a republish. Call it under the phone book's row lock
 * with no publish building (update-phonebook.ts). Returns a function that puts the previous
 * file back (for a failure before the caller commits), or null when nothing was written
 * (never published, or the policy is already that one). A current.json that does not parse
 * is left alone: the next publish writes a good one, with the policy.
 */
export async function writeDeliveryPolicy(
  storage: StorageAdapter,
  orgSlug: string,
  name: string,
  policy: TDeliveryPolicy,
): Promise<(() => Promise<void>) | null> {
  const stored = await readCurrentJson(storage, orgSlug, name);
  if (!stored?.current || (stored.current.deliveryPolicy ?? "deltas") === policy) return null;
  const before = stored.raw;
  // Every other field as stored, including any this reader does not know.
  const json = JSON.parse(before.toString("utf8")) as Record<string, unknown>;
  await writeCurrentJson(storage, orgSlug, name, Buffer.from(JSON.stringify({ ...json, deliveryPolicy: policy })));
  return () => writeCurrentJson(storage, orgSlug, name, before);
}
