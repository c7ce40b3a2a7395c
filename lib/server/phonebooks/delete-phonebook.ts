import "server-only";
import { assertRole } from "@/lib/server/auth/get-actor";
import type { TActor } from "@/lib/server/auth/actor";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { db } from "@/lib/server/db";
import { invalidate as invalidatePbsCache } from "@/lib/server/pbs/current-cache";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { phonebookPrefix } from "@/lib/phonebook/artifact-names";
import { getLockedPhonebook } from "./get-phonebook";

/**
 * Deletes a phone book with its regions, POPs and version history (admin+). The audit
 * event is kept (it belongs to the organisation). With `purge`, its published artifacts are
 * deleted from storage too (PBA left them behind); without it they stay, and the PBS keeps
 * serving the last version until they are removed.
 */
export async function deletePhonebook(options: {
  actor: TActor;
  name: string;
  purge: boolean;
  storage?: StorageAdapter;
}): Promise<{ deletedPops: number; purgedFiles: number }> {
  const actor = assertRole(options.actor, "admin");
  const storage = options.storage ?? getStorage();
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.name, tx);
    const pops = await tx.pop.count({ where: { phonebookId: phonebook.id } });
    await tx.phonebook.delete({ where: { id: phonebook.id } });
    let purgedFiles = 0;
    if (options.purge) {
      // current.json first, so the PBS stops serving before the cabs disappear.
      const keys = await storage.list(phonebookPrefix(actor.orgSlug, phonebook.name));
      const current = keys.filter((k) => k.endsWith("/current.json"));
      await storage.delete(current);
      await storage.delete(keys.filter((k) => !k.endsWith("/current.json")));
      purgedFiles = keys.length;
      invalidatePbsCache(actor.orgSlug, phonebook.name);
    }
    await recordAudit(tx, {
      actor,
      action: "phonebook.delete",
      entity: "phonebook",
      entityId: phonebook.id,
      phonebookId: null,
      summary: `Deleted phone book ${phonebook.name} (${pops} POPs, version ${phonebook.currentVersion})${options.purge ? `; purged ${purgedFiles} published file(s)` : "; published files kept"}`,
      before: { name: phonebook.name, description: phonebook.description, currentVersion: phonebook.currentVersion, pops },
    });
    return { deletedPops: pops, purgedFiles };
  });
}
