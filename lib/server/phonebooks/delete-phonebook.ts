import "server-only";
import { assertRole } from "@/lib/server/auth/get-actor";
import type { TActor } from "@/lib/server/auth/actor";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { db } from "@/lib/server/db";
import { getPhonebook } from "./get-phonebook";

/**
 * Deletes a phone book with its regions, POPs and version history (admin+). The audit
 * event is kept (it belongs to the organisation). Artifact purge arrives with publishing.
 */
export async function deletePhonebook(options: { actor: TActor; name: string; purge: boolean }): Promise<{ deletedPops: number }> {
  const actor = assertRole(options.actor, "admin");
  return db.$transaction(async (tx) => {
    const phonebook = await getPhonebook(actor, options.name, tx);
    const pops = await tx.pop.count({ where: { phonebookId: phonebook.id } });
    await tx.phonebook.delete({ where: { id: phonebook.id } });
    await recordAudit(tx, {
      actor,
      action: "phonebook.delete",
      entity: "phonebook",
      entityId: phonebook.id,
      phonebookId: null,
      summary: `Deleted phone book ${phonebook.name} (${pops} POPs, version ${phonebook.currentVersion})${options.purge ? ", purge requested" : ""}`,
      before: { name: phonebook.name, description: phonebook.description, currentVersion: phonebook.currentVersion, pops },
    });
    return { deletedPops: pops };
  });
}
