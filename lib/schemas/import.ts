import { z } from "zod";
import { IMPORT_COLUMNS } from "@/lib/import/import-columns";
import { refuseControlChars } from "./text";

/** Query string of POST /imports: mode, dry run, optional column mapping (JSON: {"0":"popIndex","3":null}). */
export const ZImportQuery = z.object({
  mode: z.enum(["merge", "replace"], { error: "mode must be merge or replace" }).default("merge"),
  dryRun: z.enum(["true", "false"], { error: "dryRun must be true or false" }).default("false"),
  fileName: z.string().trim().max(200).superRefine(refuseControlChars("fileName")).optional(),
  mapping: z
    .string()
    .max(4000)
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "mapping must be a JSON object" });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().regex(/^\d{1,3}$/, { error: "mapping keys are column numbers from 0" }), z.enum(IMPORT_COLUMNS).nullable()))
    .optional(),
});
export type TImportQuery = z.output<typeof ZImportQuery>;
