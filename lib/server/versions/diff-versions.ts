import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { diffPbk } from "@/lib/phonebook/delta";
import { loadPublishedText } from "./load-published";

/** Added / changed (before, after) / removed .pbk lines between two published versions (0 = empty). */
export async function diffVersions(options: { actor: TActor; phonebookName: string; from: number; to: number; storage?: StorageAdapter }) {
  const storage = options.storage ?? getStorage();
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const load = async (version: number): Promise<{ pbk: string; pbr: string }> => {
    if (version === 0) return { pbk: "", pbr: "0\r\n" };
    const exists = await db.version.findUnique({
      where: { phonebookId_number: { phonebookId: phonebook.id, number: version }, state: "active" },
    });
    if (!exists) throw notFound(`Version ${version} of ${phonebook.name}`);
    const ref = { orgSlug: options.actor.orgSlug, name: phonebook.name, version };
    return {
      pbk: await loadPublishedText(storage, { ...ref, kind: "pbk" }),
      pbr: await loadPublishedText(storage, { ...ref, kind: "pbr" }),
    };
  };
  const [a, b] = await Promise.all([load(options.from), load(options.to)]);
  return { from: options.from, to: options.to, ...diffPbk(a.pbk, b.pbk), regionsBefore: a.pbr, regionsAfter: b.pbr };
}
