import "server-only";
import type { StorageAdapter } from "@/lib/server/storage";
import { currentKey, type TCurrentJson, type TDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import type { TVersionFile } from "@/lib/phonebook/build-version-files";
import { readCurrentJson } from "./stored-version";

/** The `current.json` of a new version: its cabs, their hashes and sizes, and the delivery policy. */
export function buildCurrentJson(input: {
  version: number;
  name: string;
  files: readonly TVersionFile[];
  publishedAt: Date;
  deliveryPolicy: TDeliveryPolicy;
}): TCurrentJson {
  const { files } = input;
  const full = files.find((f) => f.kind === "full");
  if (!full) throw new Error("publish built no full cab");
  return {
    version: input.version,
    name: input.name,
    full: full.name,
    deltas: Object.fromEntries(files.filter((f) => f.kind === "delta").map((f) => [String(f.fromVersion), f.name])),
    sha256: Object.fromEntries(files.map((f) => [f.name, f.sha256])),
    size: Object.fromEntries(files.map((f) => [f.name, f.data.length])),
    publishedAt: input.publishedAt.toISOString(),
    deliveryPolicy: input.deliveryPolicy,
  };
}

/**
 * Rewrites the phone book's `current.json` with another delivery policy, same version and
 * files, so the PBS honours it without a republish. Call it under the phone book's row lock
 * (as a publish writes current.json). Returns a function that puts the previous file back
 * (for a failure before the caller commits), or null when nothing was written (never
 * published, or the policy is already that one). A current.json that does not parse is
 * left alone: the next publish writes a good one, with the policy.
 */
export async function writeDeliveryPolicy(
  storage: StorageAdapter,
  orgSlug: string,
  name: string,
  policy: TDeliveryPolicy,
): Promise<(() => Promise<void>) | null> {
  const stored = await readCurrentJson(storage, orgSlug, name);
  if (!stored?.current || (stored.current.deliveryPolicy ?? "deltas") === policy) return null;
  const key = currentKey(orgSlug, name);
  const before = stored.raw;
  // Every other field as stored, including any this reader does not know.
  const json = JSON.parse(before.toString("utf8")) as Record<string, unknown>;
  await storage.put(key, Buffer.from(JSON.stringify({ ...json, deliveryPolicy: policy })), "application/json");
  return () => storage.put(key, before, "application/json");
}
