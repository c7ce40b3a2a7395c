import "server-only";
import { assertRole } from "@/lib/server/auth/get-actor";
import type { TActor } from "@/lib/server/auth/actor";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { db } from "@/lib/server/db";
import { invalidate as invalidatePbsCache } from "@/lib/server/pbs/current-cache";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { assertNoBuild } from "@/lib/server/versions/publish-state";
import { reconcilePublishes } from "@/lib/server/versions/reconcile-publishes";
import { phonebookPrefix } from "@/lib/phonebook/artifact-names";
import { getLockedPhonebook, getPhonebook } from "./get-phonebook";

/**
 * Deletes a phone book with its regions, POPs and version history (admin+). The audit
 * event is kept (it belongs to the organisation). With `purge`, its published artifacts are
 * deleted from storage too (PBA left them behind); without it they stay, and the PBS keeps
 * serving the last version until they are removed. Refused (409) while a publish of it is
 * in progress: that publish would write files and current.json for a deleted phone book.
 */
export async function deletePhonebook(options: {
  actor: TActor;
  name: string;
  purge: boolean;
  storage?: StorageAdapter;
}): Promise<{ deletedPops: number; purgedFiles: number }> {
  const actor = assertRole(options.actor, "admin");
  const storage = options.storage ?? getStorage();
  await reconcilePublishes({ storage, phonebookId: (await getPhonebook(actor, options.name)).id });
  const deleted = await db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.name, tx);
    await assertNoBuild(tx, phonebook);
    const pops = await tx.pop.count({ where: { phonebookId: phonebook.id } });
    await tx.phonebook.delete({ where: { id: phonebook.id } });
    await recordAudit(tx, {
      actor,
      action: "phonebook.delete",
      entity: "phonebook",
      entityId: phonebook.id,
      phonebookId: null,
      summary: `Deleted phone book ${phonebook.name} (${pops} POPs, version ${phonebook.currentVersion}); published files ${options.purge ? "to be purged" : "kept"}`,
      before: { name: phonebook.name, description: phonebook.description, currentVersion: phonebook.currentVersion, pops },
    });
    return { name: phonebook.name, id: phonebook.id, pops };
  });
  if (!options.purge) return { deletedPops: deleted.pops, purgedFiles: 0 };
  // After the commit: a storage failure must not leave a phone book that exists but has lost
  // its published files. current.json goes first, so the PBS stops serving before the cabs go.
  const keys = await storage.list(phonebookPrefix(actor.orgSlug, deleted.name));
  await storage.delete(keys.filter((k) => k.endsWith("/current.json")));
  await storage.delete(keys.filter((k) => !k.endsWith("/current.json")));
  invalidatePbsCache(actor.orgSlug, deleted.name);
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actor,
      action: "phonebook.purge",
      entity: "phonebook",
      entityId: deleted.id,
      summary: `Purged ${keys.length} published file(s) of deleted phone book ${deleted.name}`,
    }),
  );
  return { deletedPops: deleted.pops, purgedFiles: keys.length };
}
