import "server-only";
import { AppError } from "@/lib/server/errors";
import { scopesForRole, type TScope } from "@/lib/scopes";
import type { TActor } from "./actor";

// What an API token may do within its user's role (docs/security.md, "API tokens"). Session
// callers, and actors without `apiToken`, are not limited here: their role decides.

/**
 * 403 naming the missing scope when the actor is a token without `scope`, or whose user's
 * current role no longer allows it: a token's rights are its scopes within that role.
 */
export function assertScope(actor: TActor, scope: TScope): TActor {
  const scopes = actor.apiToken?.scopes;
  if (!scopes) return actor;
  if (!scopes.includes(scope)) {
    throw new AppError(
      "forbidden",
      `This API token lacks the "${scope}" scope needed here (it has ${scopes.join(", ")}). Create a token with the ${scope} scope.`,
      { missingScope: scope, scopes },
    );
  }
  if (!scopesForRole(actor.role).includes(scope)) {
    throw new AppError(
      "forbidden",
      `This API token has the "${scope}" scope, but its user's current role (${actor.role}) does not allow it any more.`,
      { missingScope: scope, scopes: scopes.filter((s) => scopesForRole(actor.role).includes(s)) },
    );
  }
  return actor;
}

/** True when the actor is a token limited to some phone books. */
export const isPhonebookLimited = (actor: TActor): boolean => (actor.apiToken?.phonebookIds.length ?? 0) > 0;

/** True when the actor may see this phone book (a limited token: only its own). */
export const mayUsePhonebook = (actor: TActor, phonebookId: string): boolean =>
  !isPhonebookLimited(actor) || (actor.apiToken?.phonebookIds.includes(phonebookId) ?? false);

/** A Prisma `where` on phone book ids for lists: a limited token's books only, else everything. */
export const phonebookIdFilter = (actor: TActor): { in: string[] } | undefined =>
  isPhonebookLimited(actor) ? { in: actor.apiToken?.phonebookIds ?? [] } : undefined;

/** 403 for a token limited to some phone books doing something for the whole organisation. */
export function assertAllPhonebooks(actor: TActor, what: string): TActor {
  if (isPhonebookLimited(actor)) {
    throw new AppError("forbidden", `This API token is limited to some phone books; ${what} needs a token for all phone books.`);
  }
  return actor;
}
