import "server-only";
import { assertRecentSecondFactor } from "@/lib/server/auth/recent-second-factor";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { formatUtc, issueApiToken } from "@/lib/server/auth/api-tokens";
import { assertRole } from "@/lib/server/auth/get-actor";
import { isPhonebookLimited, phonebookIdFilter } from "@/lib/server/auth/token-rights";
import { db } from "@/lib/server/db";
import { AppError, invalidInput } from "@/lib/server/errors";
import { phonebookKey, validatePhonebookName } from "@/lib/phonebook/phonebook-name";
import { scopesForRole } from "@/lib/scopes";
import { DEFAULT_TOKEN_EXPIRY_DAYS, MAX_TOKEN_EXPIRY_DAYS, type TTokenCreate } from "@/lib/schemas/token";
import { summariseToken, TOKEN_INCLUDE, type TTokenSummary } from "./list-tokens";

const DAY_MS = 86_400_000;

/**
 * Creates an API token for the actor (any member) with scopes its role allows (403
 * otherwise: viewer read; editor read, write; admin and owner all four), an expiry (default
 * 90 days) and optionally a list of phone books, named and resolved in the actor's
 * organisation (400 naming unknown ones). A token creating a token passes on at most its own
 * scopes, phone books and lifetime. Returns the value this once; only its sha256 is stored,
 * and the audit log records everything but the value.
 */
export async function createToken(options: {
  actor: TActor;
  input: TTokenCreate;
  now?: Date;
  /** A second factor typed with the request, when the session has none recent (see recent-second-factor.ts). */
  secondFactorCode?: string;
}): Promise<TTokenSummary & { token: string }> {
  const actor = assertRole(options.actor, "viewer");
  const now = options.now ?? new Date();
  const { name, scopes } = options.input;
  assertGrantable(actor, scopes);
  const expiresAt = resolveExpiry(actor, options.input, now);
  const books = await resolvePhonebooks(actor, options.input.phonebooks);
  await assertRecentSecondFactor(actor, options.secondFactorCode);
  return db.$transaction(async (tx) => {
    const { id, token } = await issueApiToken(
      { orgId: actor.orgId, userId: actor.userId, name, scopes, expiresAt, phonebookIds: books.map((b) => b.id) },
      tx,
    );
    const row = await tx.apiToken.findUniqueOrThrow({ where: { id }, include: TOKEN_INCLUDE });
    const phonebooks = books.map((b) => b.name);
    const limits = [
      expiresAt ? `expires ${formatUtc(expiresAt)}` : "never expires",
      phonebooks.length ? `phone books ${phonebooks.join(", ")}` : "all phone books",
    ];
    await recordAudit(tx, {
      actor,
      action: "token.create",
      entity: "api_token",
      entityId: id,
      summary: `Created API token "${name}" (${row.prefix}…, ${row.scopes.join(", ")}; ${limits.join("; ")})`,
      after: {
        name,
        prefix: row.prefix,
        scopes: row.scopes,
        expiresAt: expiresAt?.toISOString() ?? null,
        phonebooks,
        phonebookIds: row.phonebookIds,
      },
    });
    return { ...(await summariseToken(actor, row, tx, now)), token };
  });
}

/** 403 unless the actor's role, and the token it calls with, hold every scope asked for. */
function assertGrantable(actor: TActor, scopes: TTokenCreate["scopes"]): void {
  const allowed = scopesForRole(actor.role);
  const beyondRole = scopes.filter((s) => !allowed.includes(s));
  if (beyondRole.length) {
    throw new AppError(
      "forbidden",
      `You cannot create a token with the ${beyondRole.join(", ")} scope${beyondRole.length > 1 ? "s" : ""}: a token may not have more rights than you (${actor.role}: ${allowed.join(", ")}).`,
      { fields: [{ field: "scopes", message: `At most ${allowed.join(", ")}` }] },
    );
  }
  const own = actor.apiToken?.scopes;
  const beyondToken = own ? scopes.filter((s) => !own.includes(s)) : [];
  if (own && beyondToken.length) {
    throw new AppError(
      "forbidden",
      `This API token cannot create a token with the ${beyondToken.join(", ")} scope${beyondToken.length > 1 ? "s" : ""}: it has only ${own.join(", ")}.`,
      { fields: [{ field: "scopes", message: `At most ${own.join(", ")}` }] },
    );
  }
}

/** The expiry asked for (null = never), checked; a token may not create one that outlives it. */
function resolveExpiry(actor: TActor, input: TTokenCreate, now: Date): Date | null {
  const max = new Date(now.getTime() + MAX_TOKEN_EXPIRY_DAYS * DAY_MS);
  let expiresAt: Date | null;
  if (input.expiresAt !== undefined) {
    expiresAt = input.expiresAt;
    if (expiresAt && expiresAt <= now)
      throw invalidInput("expiresAt must be in the future", [{ field: "expiresAt", message: "Must be in the future" }]);
    if (expiresAt && expiresAt > max) {
      throw invalidInput(`expiresAt may be at most ${MAX_TOKEN_EXPIRY_DAYS} days ahead; null for never`, [
        { field: "expiresAt", message: `At most ${MAX_TOKEN_EXPIRY_DAYS} days ahead` },
      ]);
    }
  } else {
    const days = input.expiresInDays === undefined ? DEFAULT_TOKEN_EXPIRY_DAYS : input.expiresInDays;
    expiresAt = days === null ? null : new Date(now.getTime() + days * DAY_MS);
  }
  const limit = actor.apiToken?.expiresAt;
  if (limit && (!expiresAt || expiresAt > limit)) {
    throw new AppError(
      "forbidden",
      `This API token expires on ${formatUtc(limit)}; a token it creates must expire by then (send expiresAt or a shorter expiresInDays).`,
      { fields: [{ field: "expiresAt", message: `At most ${limit.toISOString()}` }] },
    );
  }
  return expiresAt;
}

/**
 * The phone books named, in the actor's organisation and within the calling token's own
 * list; 400 naming every name that matches none. A limited token must name some.
 */
async function resolvePhonebooks(actor: TActor, names: string[]): Promise<{ id: string; name: string }[]> {
  if (names.length === 0) {
    if (isPhonebookLimited(actor)) {
      throw new AppError("forbidden", "This API token is limited to some phone books; a token it creates must name them in phonebooks.", {
        fields: [{ field: "phonebooks", message: "Name the phone books" }],
      });
    }
    return [];
  }
  const keys = new Map(names.filter((n) => validatePhonebookName(n) === null).map((n) => [phonebookKey(n), n]));
  const rows = await db.phonebook.findMany({
    where: { orgId: actor.orgId, nameKey: { in: [...keys.keys()] }, id: phonebookIdFilter(actor) },
    select: { id: true, name: true, nameKey: true },
    orderBy: { nameKey: "asc" },
  });
  const found = new Set(rows.map((r) => r.nameKey));
  const unknown = names.filter((n) => validatePhonebookName(n) !== null || !found.has(phonebookKey(n)));
  if (unknown.length) {
    const list = unknown.map((n) => `"${n}"`).join(", ");
    throw invalidInput(`No phone book named ${list} in this organisation`, [{ field: "phonebooks", message: `Unknown: ${list}` }]);
  }
  return rows.map(({ id, name }) => ({ id, name }));
}
