import { z } from "zod";
import { ZRole } from "./member";
import { refuseControlChars } from "./text";

export const MAX_TOKEN_NAME_LENGTH = 60;

/** A new API token: a label and the role it grants (default viewer, never above the creator's). */
export const ZTokenCreate = z.object({
  name: z
    .string({ error: "Token name must be text" })
    .trim()
    .min(1, { error: "Token name is required, e.g. ci-deploy" })
    .max(MAX_TOKEN_NAME_LENGTH, {
      error: (issue) => `Token name may be at most ${MAX_TOKEN_NAME_LENGTH} characters (got ${String((issue.input as string).length)})`,
    })
    .superRefine(refuseControlChars("Token name")),
  role: ZRole.optional().default("viewer"),
});
export type TTokenCreate = z.output<typeof ZTokenCreate>;
