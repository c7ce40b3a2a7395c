import "server-only";
import type { StorageAdapter } from "@/lib/server/storage";
import { missingObjectError } from "@/lib/server/storage/missing-object-error";
import { pbkFile, pbrFile, versionKey } from "@/lib/phonebook/artifact-names";

/** The stored .pbk (or .pbr) text of a published version; a missing object is a 500 (the key is logged, not answered). */
export async function loadPublishedText(
  storage: StorageAdapter,
  ref: { orgSlug: string; name: string; version: number; kind: "pbk" | "pbr" },
): Promise<string> {
  const file = ref.kind === "pbk" ? pbkFile(ref.name) : pbrFile(ref.name);
  const key = versionKey(ref.orgSlug, ref.name, ref.version, file);
  const data = await storage.get(key);
  if (!data) throw missingObjectError(key, storage.name, `reading version ${ref.version} of ${ref.name}`);
  return data.toString("ascii");
}
