import { z } from "zod";
import { refuseControlChars } from "./text";

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Dates are YYYY-MM-DD" })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: "Not a calendar date",
  });

/** Filters of the audit log (page and API). */
export const ZAuditQuery = z.object({
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
export type TAuditQuery = z.output<typeof ZAuditQuery>;
