import "server-only";
import JSZip from "jszip";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { missingObjectError } from "@/lib/server/storage/missing-object-error";

/** A zip of every file of a published version plus `manifest.json` (names, sizes, sha256). */
export async function buildVersionBundle(options: { actor: TActor; phonebookName: string; version: number; storage?: StorageAdapter }) {
  const storage = options.storage ?? getStorage();
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const version = await db.version.findUnique({
    where: { phonebookId_number: { phonebookId: phonebook.id, number: options.version }, state: "active" },
    include: { artifacts: { orderBy: { name: "asc" } } },
  });
  if (!version) throw notFound(`Version ${options.version} of ${phonebook.name}`);
  const zip = new JSZip();
  for (const artifact of version.artifacts) {
    const data = await storage.get(artifact.storageKey);
    if (!data) throw missingObjectError(artifact.storageKey, storage.name, `bundling version ${version.number} of ${phonebook.name}`);
    zip.file(artifact.name, data, { date: version.createdAt });
  }
  const manifest = {
    phonebook: phonebook.name,
    version: version.number,
    publishedAt: version.createdAt.toISOString(),
    publishedBy: version.createdBy,
    popCount: version.popCount,
    files: version.artifacts.map((a) => ({ name: a.name, kind: a.kind, fromVersion: a.fromVersion, size: a.size, sha256: a.sha256 })),
  };
  zip.file("manifest.json", JSON.stringify(manifest, null, 2), { date: version.createdAt });
  const data = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  return { data, fileName: `${phonebook.name}_${version.number}_bundle.zip` };
}
