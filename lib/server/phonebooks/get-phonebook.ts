import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { mayUsePhonebook } from "@/lib/server/auth/token-rights";
import { db, type TTx } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { phonebookKey, validatePhonebookName } from "@/lib/phonebook/phonebook-name";

/**
 * The phone book `name` of the actor's organisation (case-insensitive), or 404. A name of
 * another organisation, or one outside the phone books an API token is limited to, answers
 * exactly like a missing one. A name no phone book can have (a URL segment with NUL, say)
 * is a 404 without a query: PostgreSQL refuses NUL.
 */
export async function getPhonebook(actor: TActor, name: string, tx: TTx = db) {
  if (validatePhonebookName(name.trim()) !== null) throw notFound("Phone book");
  const phonebook = await tx.phonebook.findUnique({
    where: { orgId_nameKey: { orgId: actor.orgId, nameKey: phonebookKey(name) } },
  });
  if (!phonebook || !mayUsePhonebook(actor, phonebook.id)) throw notFound(`Phone book "${name.slice(0, 40)}"`);
  return phonebook;
}

/** Takes the row lock that serialises writes to one phone book (imports, publishes, edits). */
export async function lockPhonebook(tx: TTx, phonebookId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM phonebook WHERE id = ${phonebookId}::uuid FOR UPDATE`;
}

/**
 * `getPhonebook` + the row lock, then the row read again: decisions that depend on
 * `currentVersion` must see a publish that committed while this call waited for the lock.
 */
export async function getLockedPhonebook(actor: TActor, name: string, tx: TTx) {
  const found = await getPhonebook(actor, name, tx);
  await lockPhonebook(tx, found.id);
  return tx.phonebook.findUniqueOrThrow({ where: { id: found.id } });
}
