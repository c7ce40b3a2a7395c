import "server-only";
import { assertRole } from "@/lib/server/auth/get-actor";
import type { TActor } from "@/lib/server/auth/actor";
import { assertAllPhonebooks } from "@/lib/server/auth/token-rights";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { phonebookKey } from "@/lib/phonebook/phonebook-name";
import type { TPhonebookCreate } from "@/lib/schemas/phonebook";
import { describePhonebook, type TPhonebookSummary } from "./list-phonebooks";

/**
 * Creates a phone book (admin+; not with an API token limited to some phone books). 409 when
 * the name exists in the organisation, in any case.
 */
export async function createPhonebook(options: { actor: TActor; input: TPhonebookCreate }): Promise<TPhonebookSummary> {
  const actor = assertAllPhonebooks(assertRole(options.actor, "admin"), "creating a phone book");
  const { name, description } = options.input;
  const nameKey = phonebookKey(name);
  const id = await db
    .$transaction(async (tx) => {
      const existing = await tx.phonebook.findUnique({ where: { orgId_nameKey: { orgId: actor.orgId, nameKey } } });
      if (existing) throw new AppError("conflict", `A phone book named "${existing.name}" already exists (names are case-insensitive)`);
      const row = await tx.phonebook.create({ data: { orgId: actor.orgId, name, nameKey, description } });
      await recordAudit(tx, {
        actor,
        action: "phonebook.create",
        entity: "phonebook",
        entityId: row.id,
        phonebookId: row.id,
        summary: `Created phone book ${name}`,
        after: { name, description },
      });
      return row.id;
    })
    .catch(rethrowUnique(name));
  return describePhonebook(id);
}

/** Maps a unique violation from a race to the same 409 as the check above. */
export function rethrowUnique(name: string) {
  return (error: unknown): never => {
    if (error instanceof Error && "code" in error && (error as { code?: string }).code === "P2002") {
      throw new AppError("conflict", `A phone book named "${name}" already exists (names are case-insensitive)`);
    }
    throw error;
  };
}
