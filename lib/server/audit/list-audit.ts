import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { db } from "@/lib/server/db";
import { escapeLike } from "@/lib/server/db/escape-like";
import { phonebookKey } from "@/lib/phonebook/phonebook-name";
import type { TAuditQuery } from "@/lib/schemas/audit";
import { auditDayRange } from "./audit-day-range";

const PAGE_SIZE = 50;

export type TAuditRow = {
  id: string;
  createdAt: string;
  actor: string;
  phonebook: string | null;
  action: string;
  summary: string;
  before: unknown;
  after: unknown;
};

/** The organisation's audit events, newest first, filtered by actor, phone book, action and dates. */
export async function listAudit(options: { actor: TActor; query: TAuditQuery }) {
  const actor = assertRole(options.actor, "viewer");
  const { query } = options;
  const where: Prisma.AuditEventWhereInput = { orgId: actor.orgId };
  // Filters match their text literally: "%" and "_" are not wildcards.
  if (query.actor) where.actorLabel = { contains: escapeLike(query.actor), mode: "insensitive" };
  if (query.action) where.action = { startsWith: escapeLike(query.action) };
  if (query.phonebook) {
    const pb = await db.phonebook.findUnique({ where: { orgId_nameKey: { orgId: actor.orgId, nameKey: phonebookKey(query.phonebook) } } });
    where.OR = [
      { phonebookId: pb?.id ?? "00000000-0000-0000-0000-000000000000" },
      { summary: { contains: escapeLike(query.phonebook), mode: "insensitive" } },
    ];
  }
  const days = auditDayRange(query.from, query.to);
  if (days) where.createdAt = days;
  const [rows, total, books, actions] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: { createdAt: "desc" }, skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
    db.auditEvent.count({ where }),
    db.phonebook.findMany({ where: { orgId: actor.orgId }, select: { id: true, name: true } }),
    db.auditEvent.findMany({ where: { orgId: actor.orgId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  const names = new Map(books.map((b) => [b.id, b.name]));
  return {
    rows: rows.map((r): TAuditRow => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      actor: r.actorLabel,
      phonebook: r.phonebookId ? (names.get(r.phonebookId) ?? "(deleted)") : null,
      action: r.action,
      summary: r.summary,
      before: r.before,
      after: r.after,
    })),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    actions: actions.map((a) => a.action),
  };
}
