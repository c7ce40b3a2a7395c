import "server-only";
import type { AuditEvent, Prisma } from "@/lib/generated/prisma/client";
import { neutraliseFormula } from "@/lib/import/spreadsheet-safety";
import type { TAuditExportQuery } from "@/lib/schemas/audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { phonebookIdFilter } from "@/lib/server/auth/token-rights";
import { db } from "@/lib/server/db";
import { auditDayRange } from "./audit-day-range";
import { log } from "@/lib/server/log";

/** Columns of the CSV export, in order (the JSON Lines export has the same fields in camelCase). */
export const AUDIT_EXPORT_COLUMNS = [
  "id",
  "created_at",
  "actor",
  "actor_id",
  "phonebook",
  "phonebook_id",
  "action",
  "entity",
  "entity_id",
  "summary",
  "before",
  "after",
] as const;

export type TAuditExport = { fileName: string; contentType: string; body: ReadableStream<Uint8Array> };

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", jsonl: "application/x-ndjson; charset=utf-8" } as const;

/** One CSV cell: always quoted, quotes doubled, and a leading formula character neutralised with "'". */
export function csvCell(value: string): string {
  return `"${neutraliseFormula(value).replace(/"/g, '""')}"`;
}

const day = (at: Date): string => at.toISOString().slice(0, 10);

function recordOf(e: AuditEvent, names: Map<string, string>) {
  return {
    id: e.id,
    createdAt: e.createdAt.toISOString(),
    actor: e.actorLabel,
    actorId: e.actorId,
    phonebook: e.phonebookId ? (names.get(e.phonebookId) ?? "(deleted)") : null,
    phonebookId: e.phonebookId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    summary: e.summary,
    before: e.before,
    after: e.after,
  };
}

function csvLine(r: ReturnType<typeof recordOf>): string {
  const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));
  const cells = [r.id, r.createdAt, r.actor, r.actorId ?? "", r.phonebook ?? "", r.phonebookId ?? "", r.action, r.entity, r.entityId];
  return `${[...cells, r.summary, json(r.before), json(r.after)].map(csvCell).join(",")}\r\n`;
}

/**
 * The audit events of the actor's organisation (viewer+, as the audit page; an API token
 * limited to some phone books: their events only) for UTC days `from`..`to` (both
 * included, either open), oldest first, as CSV (header row, CRLF, every cell quoted and
 * spreadsheet-safe) or JSON Lines. The body is a stream read `batchSize`
 * events at a time by keyset (created_at, id), so a large log is never held in memory; the
 * first batch is read before returning, so a database failure there is an ordinary error
 * answer. The file name is built from the organisation's slug and the parsed days only.
 */
export async function exportAudit(options: {
  actor: TActor;
  query: TAuditExportQuery;
  batchSize?: number;
  now?: Date;
}): Promise<TAuditExport> {
  const actor = assertRole(options.actor, "viewer");
  const { format, from, to } = options.query;
  const batchSize = options.batchSize ?? 500;
  const range = auditDayRange(from, to);
  // A token limited to some phone books reads only their events (none of the organisation's own).
  const limit = phonebookIdFilter(actor);
  const scope: Prisma.AuditEventWhereInput = {
    orgId: actor.orgId,
    ...(range ? { createdAt: range } : {}),
    ...(limit ? { phonebookId: limit } : {}),
  };
  const books = await db.phonebook.findMany({ where: { orgId: actor.orgId, id: limit }, select: { id: true, name: true } });
  const names = new Map(books.map((b) => [b.id, b.name]));

  const read = (after: AuditEvent | undefined) =>
    db.auditEvent.findMany({
      where: after
        ? {
            // The plain lower bound lets the (org_id, created_at) index start at the cursor.
            AND: [
              scope,
              { createdAt: { gte: after.createdAt } },
              { OR: [{ createdAt: { gt: after.createdAt } }, { id: { gt: after.id } }] },
            ],
          }
        : scope,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batchSize,
    });

  const encoder = new TextEncoder();
  let first: AuditEvent[] | null = await read(undefined);
  let cursor: AuditEvent | undefined;
  let header = format === "csv" ? `${AUDIT_EXPORT_COLUMNS.map(csvCell).join(",")}\r\n` : "";
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const page = first ?? (await read(cursor));
        first = null;
        let text = header;
        header = "";
        for (const e of page) {
          const r = recordOf(e, names);
          text += format === "csv" ? csvLine(r) : `${JSON.stringify(r)}\n`;
        }
        if (text !== "") controller.enqueue(encoder.encode(text));
        cursor = page.at(-1);
        if (page.length < batchSize || !cursor) controller.close();
      } catch (error) {
        log().error({ err: error, org: actor.orgSlug }, "audit export failed while streaming");
        controller.error(error);
      }
    },
  });

  const slug = actor.orgSlug.replace(/[^a-z0-9-]/g, "");
  const fromDay = range?.gte ? day(range.gte) : "start";
  const toDay = range?.lt ? day(new Date(range.lt.getTime() - 1)) : day(options.now ?? new Date());
  return { fileName: `audit-${slug}-${fromDay}-to-${toDay}.${format}`, contentType: CONTENT_TYPES[format], body };
}
