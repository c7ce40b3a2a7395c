import "server-only";
import { assertRole } from "@/lib/server/auth/get-actor";
import type { TActor } from "@/lib/server/auth/actor";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { db } from "@/lib/server/db";
import { log } from "@/lib/server/log";
import { AppError } from "@/lib/server/errors";
import { assertNoBuild } from "@/lib/server/versions/publish-state";
import { reconcilePublishes } from "@/lib/server/versions/reconcile-publishes";
import { invalidate as invalidatePbsCache } from "@/lib/server/pbs/current-cache";
import { getStorage, type StorageAdapter } from "@/lib/server/storage";
import { writeDeliveryPolicy } from "@/lib/server/versions/current-json";
import type { TDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { phonebookKey } from "@/lib/phonebook/phonebook-name";
import type { TPhonebookPatch } from "@/lib/schemas/phonebook";
import { rethrowUnique } from "./create-phonebook";
import { getLockedPhonebook, getPhonebook } from "./get-phonebook";
import { describePhonebook, type TPhonebookSummary } from "./list-phonebooks";

/**
 * Renames a phone book, changes its description or its delivery policy (admin+). A published
 * phone book keeps its name: clients ask for it by name, and its published files carry the
 * name as entered. Neither may one whose first publish is in progress (its files are stored
 * under the name). A new delivery policy is written into the current `current.json` at once
 * (under the row lock; refused while a publish is building, which writes current.json
 * itself), so the PBS honours it without a republish.
 */
export async function updatePhonebook(options: {
  actor: TActor;
  name: string;
  patch: TPhonebookPatch;
  storage?: StorageAdapter;
}): Promise<TPhonebookSummary> {
  const actor = assertRole(options.actor, "admin");
  const { patch } = options;
  if (patch.name !== undefined || patch.deliveryPolicy !== undefined) {
    await reconcilePublishes({ phonebookId: (await getPhonebook(actor, options.name)).id });
  }
  let restoreCurrent: (() => Promise<void>) | null = null;
  const id = await db
    .$transaction(async (tx) => {
      const current = await getLockedPhonebook(actor, options.name, tx);
      const data: { name?: string; nameKey?: string; description?: string; deliveryPolicy?: TDeliveryPolicy } = {};
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
      if (patch.deliveryPolicy !== undefined && patch.deliveryPolicy !== current.deliveryPolicy) {
        // A building publish writes current.json itself, with the policy it read when it began.
        await assertNoBuild(tx, current);
        data.deliveryPolicy = patch.deliveryPolicy;
        // The last step before the commit; put back if the commit fails.
        restoreCurrent = await writeDeliveryPolicy(options.storage ?? getStorage(), actor.orgSlug, current.name, patch.deliveryPolicy);
      }
      await tx.phonebook.update({ where: { id: current.id }, data });
      await recordAudit(tx, {
        actor,
        action: "phonebook.update",
        entity: "phonebook",
        entityId: current.id,
        phonebookId: current.id,
        summary: summaryOf(current, data),
        before: { name: current.name, description: current.description, deliveryPolicy: current.deliveryPolicy },
        after: {
          name: data.name ?? current.name,
          description: data.description ?? current.description,
          deliveryPolicy: data.deliveryPolicy ?? current.deliveryPolicy,
        },
      });
      return current.id;
    })
    .catch(async (error: unknown) => {
      if (restoreCurrent) {
        await restoreCurrent().catch((e: unknown) => log().error({ err: e, phonebook: options.name }, "could not restore current.json"));
      }
      return rethrowUnique(patch.name ?? options.name)(error);
    });
  // The in-app PBS serves the new policy at once; standalone PBS servers within their cache TTL.
  if (restoreCurrent) invalidatePbsCache(actor.orgSlug, options.name);
  return describePhonebook(id);
}

function summaryOf(current: { name: string }, data: { name?: string; deliveryPolicy?: TDeliveryPolicy }): string {
  const parts: string[] = [];
  if (data.name) parts.push(`Renamed phone book ${current.name} to ${data.name}`);
  if (data.deliveryPolicy) {
    const what = data.deliveryPolicy === "full" ? "always the full phone book" : "deltas when possible";
    parts.push(`Set delivery policy of ${data.name ?? current.name} to ${what}`);
  }
  return parts.length ? parts.join("; ") : `Edited phone book ${current.name}`;
}
