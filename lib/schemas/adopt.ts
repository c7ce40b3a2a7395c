import { z } from "zod";

/**
 * Query string of POST /adopt: the version when the upload holds no .ver (checked with it
 * by lib/adopt, which names the parameter in its errors), and the dry run.
 */
export const ZAdoptQuery = z.object({
  version: z.string().max(40, { error: "version must be a whole number from 1 to 32,676" }).optional(),
  dryRun: z.enum(["true", "false"], { error: "dryRun must be true or false" }).default("false"),
});
export type TAdoptQuery = z.output<typeof ZAdoptQuery>;
