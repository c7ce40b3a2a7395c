import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { getLockedPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import type { TPopBulk } from "@/lib/schemas/pop";
import { assertChangeCapacity, markPending } from "./pending-changes";
import { popAuditView, toPopDto } from "./pop-dto";

/**
 * Deletes POPs or sets them in / out of service (editor+), all or nothing: an index that
 * does not exist fails the whole request (404 naming it).
 */
export async function bulkUpdatePops(options: { actor: TActor; phonebookName: string; input: TPopBulk }): Promise<{ affected: number }> {
  const actor = assertRole(options.actor, "editor");
  const indexes = [...new Set(options.input.popIndexes)];
  const { action } = options.input;
  return db.$transaction(async (tx) => {
    const phonebook = await getLockedPhonebook(actor, options.phonebookName, tx);
    const rows = await tx.pop.findMany({
      where: { phonebookId: phonebook.id, popIndex: { in: indexes } },
      include: { region: { select: { name: true } } },
    });
    if (rows.length !== indexes.length) {
      const found = new Set(rows.map((r) => r.popIndex));
      const missing = indexes.filter((i) => !found.has(i));
      throw notFound(
        `POP ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""} in ${phonebook.name}`,
      );
    }
    const inService = action === "setInService";
    const changing = action === "delete" ? rows : rows.filter((r) => r.inService !== inService);
    const changed = changing.map((r) => r.popIndex);
    // Deleting an out-of-service POP changes no published file: not a pending change.
    const pending = action === "delete" ? changing.filter((r) => r.inService).map((r) => r.popIndex) : changed;
    await assertChangeCapacity(tx, phonebook, pending);
    if (action === "delete") {
      await tx.pop.deleteMany({ where: { phonebookId: phonebook.id, popIndex: { in: changed } } });
    } else if (changed.length) {
      await tx.pop.updateMany({ where: { phonebookId: phonebook.id, popIndex: { in: changed } }, data: { inService } });
    }
    await markPending(tx, phonebook.id, pending);
    const verb = action === "delete" ? "Deleted" : inService ? "Put in service" : "Took out of service";
    await recordAudit(tx, {
      actor,
      action: action === "delete" ? "pop.delete" : "pop.service",
      entity: "pop",
      entityId: changed.length === 1 ? String(changed[0]) : "",
      phonebookId: phonebook.id,
      summary: `${verb} ${changed.length} POP(s) in ${phonebook.name}`,
      before: changing.slice(0, 1000).map((r) => popAuditView(toPopDto(r))),
      after: action === "delete" ? null : { popIndexes: changed.slice(0, 1000), inService },
    });
    return { affected: changed.length };
  });
}
