import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { toPopDto, type TPopDto } from "./pop-dto";

/** One POP of a phone book of the actor's organisation, or 404. */
export async function getPop(options: { actor: TActor; phonebookName: string; popIndex: number }): Promise<TPopDto> {
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const row = await db.pop.findUnique({
    where: { phonebookId_popIndex: { phonebookId: phonebook.id, popIndex: options.popIndex } },
    include: { region: { select: { name: true } } },
  });
  if (!row) throw notFound(`POP ${options.popIndex} in ${phonebook.name}`);
  return toPopDto(row);
}
