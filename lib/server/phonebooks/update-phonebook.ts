import "server-only";
import { assertRole } from "@/lib/server/auth/get-actor";
import type { TActor } from "@/lib/server/auth/actor";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { assertNoBuild } from "@/lib/server/versions/publish-state";
import { reconcilePublishes } from "@/lib/server/versions/reconcile-publishes";
import { phonebookKey } from "@/lib/phonebook/phonebook-name";
import type { TPhonebookPatch } from "@/lib/schemas/phonebook";
import { rethrowUnique } from "./create-phonebook";
import { getLockedPhonebook, getPhonebook } from "./get-phonebook";
import { describePhonebook, type TPhonebookSummary } from "./list-phonebooks";

/**
 * Renames a phone book or changes its description (admin+). A published phone book keeps
 * its name: clients ask for it by name, and its published files carry the name as entered.
 * Neither may one whose first publish is in progress (its files are stored under the name).
 */
export async function updatePhonebook(options: { actor: TActor; name: string; patch: TPhonebookPatch }): Promise<TPhonebookSummary> {
  const actor = assertRole(options.actor, "admin");
  const { patch } = options;
  if (patch.name !== undefined) await reconcilePublishes({ phonebookId: (await getPhonebook(actor, options.name)).id });
  const id = await db
    .$transaction(async (tx) => {
      const current = await getLockedPhonebook(actor, options.name, tx);
      const data: { name?: string; nameKey?: string; description?: string } = {};
      if (patch.name !== undefined && patch.name !== current.name) {
        // Clients ask for a published phone book by name and its files carry the name as
        // entered: once published, the name (even its letter case) is fixed.
        await assertNoBuild(tx, current);
        if (current.currentVersion > 0) {
          throw new AppError(
            "conflict",
            `Phone book ${current.name} has been published (version ${current.currentVersion}); clients ask for it by this name, so it cannot be renamed to ${patch.name}.`,
            { fields: [{ field: "name", message: "A published phone book keeps its name" }] },
          );
        }
        const nameKey = phonebookKey(patch.name);
        if (nameKey !== current.nameKey) {
          const clash = await tx.phonebook.findUnique({ where: { orgId_nameKey: { orgId: actor.orgId, nameKey } } });
          if (clash) throw new AppError("conflict", `A phone book named "${clash.name}" already exists (names are case-insensitive)`);
        }
        data.name = patch.name;
        data.nameKey = nameKey;
      }
      if (patch.description !== undefined) data.description = patch.description;
      await tx.phonebook.update({ where: { id: current.id }, data });
      await recordAudit(tx, {
        actor,
        action: "phonebook.update",
        entity: "phonebook",
        entityId: current.id,
        phonebookId: current.id,
        summary: data.name ? `Renamed phone book ${current.name} to ${data.name}` : `Edited phone book ${current.name}`,
        before: { name: current.name, description: current.description },
        after: { name: data.name ?? current.name, description: data.description ?? current.description },
      });
      return current.id;
    })
    .catch(rethrowUnique(patch.name ?? options.name));
  return describePhonebook(id);
}
