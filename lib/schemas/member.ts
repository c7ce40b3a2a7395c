import { z } from "zod";
import { ROLES } from "@/lib/roles";

/** Minimum length of a password. */
export const MIN_PASSWORD_LENGTH = 10;

export const ZEmail = z
  .string({ error: "Email must be text" })
  .trim()
  .toLowerCase()
  .min(1, { error: "Email is required" })
  .max(320, { error: "Email may be at most 320 characters" })
  .pipe(z.email({ error: "Enter a valid email address, e.g. name@example.com" }));

export const ZRole = z.enum(ROLES, {
  error: (issue) => `Role must be one of ${ROLES.join(", ")} (got ${JSON.stringify(issue.input) ?? "nothing"})`,
});

export const ZPassword = z
  .string({ error: "Password must be text" })
  .min(MIN_PASSWORD_LENGTH, {
    error: (issue) => `Password must be at least ${MIN_PASSWORD_LENGTH} characters (got ${String((issue.input as string).length)})`,
  })
  .max(200, { error: "Password may be at most 200 characters" });

export const ZMemberRolePatch = z.object({ role: ZRole });
export type TMemberRolePatch = z.output<typeof ZMemberRolePatch>;
