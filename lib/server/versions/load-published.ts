import "server-only";
import type { StorageAdapter } from "@/lib/server/storage";
import { AppError } from "@/lib/server/errors";
import { pbkFile, pbrFile, versionKey } from "@/lib/phonebook/artifact-names";

/** The stored .pbk (or .pbr) text of a published version; a missing object is a 500 with context. */
export async function loadPublishedText(
  storage: StorageAdapter,
  ref: { orgSlug: string; name: string; version: number; kind: "pbk" | "pbr" },
): Promise<string> {
  const file = ref.kind === "pbk" ? pbkFile(ref.name) : pbrFile(ref.name);
  const key = versionKey(ref.orgSlug, ref.name, ref.version, file);
  const data = await storage.get(key);
  if (!data) throw new AppError("internal", `Published file ${key} is missing from storage (${storage.name})`);
  return data.toString("ascii");
}
