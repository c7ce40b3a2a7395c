import { z } from "zod";
import { refuseControlChars } from "./text";

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Dates are YYYY-MM-DD" })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: "Not a calendar date",
  });

const ZAuditFilters = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  actor: z.string().trim().max(320).superRefine(refuseControlChars("actor")).optional(),
  phonebook: z.string().trim().max(40).superRefine(refuseControlChars("phonebook")).optional(),
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z._]*$/, { error: "action is like pop.update" })
    .optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
});

const isOrdered = (q: { from?: string; to?: string }): boolean => !q.from || !q.to || q.from <= q.to;

/** Filters of the audit log (page and API). */
export const ZAuditQuery = ZAuditFilters.refine(isOrdered, { path: ["to"], error: "to is on or after from" });
export type TAuditQuery = z.output<typeof ZAuditQuery>;

// An empty date field (a cleared <input type="date">) means no bound.
const ZOptionalDay = z.preprocess((v) => (v === "" ? undefined : v), ZDay.optional());

/** Query of the audit export (GET /api/v1/audit/export): file format and UTC days, both ends included. */
export const ZAuditExportQuery = z
  .object({
    format: z.enum(["csv", "jsonl"], { error: "format is csv or jsonl" }).default("csv"),
    from: ZOptionalDay,
    to: ZOptionalDay,
  })
  .refine(isOrdered, { path: ["to"], error: "to is on or after from" });
export type TAuditExportQuery = z.output<typeof ZAuditExportQuery>;
