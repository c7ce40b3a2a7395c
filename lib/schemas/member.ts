import { z } from "zod";
import { ROLES } from "@/lib/roles";
import { refuseControlChars } from "./text";

/** Minimum length of a password set by an owner or admin for a new user. */
export const MIN_PASSWORD_LENGTH = 10;

/** Empty form fields ("" or missing) count as "not given". */
const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

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

/**
 * Adds a member: an existing user by email, or a new user, who then needs `password`
 * (an existing user's password is never changed here).
 */
export const ZMemberAdd = z.object({
  email: ZEmail,
  role: ZRole,
  name: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "Name must be text" })
      .trim()
      .max(100, { error: "Name may be at most 100 characters" })
      .superRefine(refuseControlChars("Name"))
      .optional(),
  ),
  password: z.preprocess(blankToUndefined, ZPassword.optional()),
});
export type TMemberAdd = z.output<typeof ZMemberAdd>;

export const ZMemberRolePatch = z.object({ role: ZRole });
export type TMemberRolePatch = z.output<typeof ZMemberRolePatch>;
