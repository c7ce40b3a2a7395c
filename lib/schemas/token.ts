import { z } from "zod";
import { scopesForRole, sortScopes, SCOPES } from "@/lib/scopes";
import { ZRole } from "./member";
import { refuseControlChars } from "./text";

export const MAX_TOKEN_NAME_LENGTH = 60;
/** Expiry choices of the tokens page, in days; the API takes any 1 to MAX_TOKEN_EXPIRY_DAYS, or null for never. */
export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365] as const;
export const DEFAULT_TOKEN_EXPIRY_DAYS = 90;
export const MAX_TOKEN_EXPIRY_DAYS = 3650;
export const MAX_TOKEN_PHONEBOOKS = 100;

export const ZScope = z.enum(SCOPES, {
  error: (issue) => `Scope must be one of ${SCOPES.join(", ")} (got ${JSON.stringify(issue.input) ?? "nothing"})`,
});

/**
 * A new API token: a label, its scopes (default read; never beyond the creator's role), an
 * expiry (`expiresInDays`, or `expiresAt`; null = never; default 90 days) and optionally the
 * names of the phone books it is limited to. `role` is the former way to say the scopes:
 * the scopes that role allows.
 */
export const ZTokenCreate = z
  .object({
    name: z
      .string({ error: "Token name must be text" })
      .trim()
      .min(1, { error: "Token name is required, e.g. ci-deploy" })
      .max(MAX_TOKEN_NAME_LENGTH, {
        error: (issue) => `Token name may be at most ${MAX_TOKEN_NAME_LENGTH} characters (got ${String((issue.input as string).length)})`,
      })
      .superRefine(refuseControlChars("Token name")),
    scopes: z
      .array(ZScope, { error: `Scopes must be a list, e.g. ["read", "write"]` })
      .min(1, { error: `Choose at least one scope: ${SCOPES.join(", ")}` })
      .max(SCOPES.length * 2, { error: "Too many scopes" })
      .optional(),
    role: ZRole.optional(),
    expiresInDays: z
      .number({ error: `expiresInDays must be a whole number of days from 1 to ${MAX_TOKEN_EXPIRY_DAYS}, or null for never` })
      .int({ error: "expiresInDays must be a whole number of days" })
      .min(1, { error: "expiresInDays must be at least 1" })
      .max(MAX_TOKEN_EXPIRY_DAYS, { error: `expiresInDays may be at most ${MAX_TOKEN_EXPIRY_DAYS} (10 years); null for never` })
      .nullable()
      .optional(),
    expiresAt: z.iso
      .datetime({ offset: true, error: "expiresAt must be an ISO date-time, e.g. 2027-01-31T00:00:00Z, or null for never" })
      .transform((s) => new Date(s))
      .nullable()
      .optional(),
    phonebooks: z
      .array(
        z
          .string({ error: "Phone book names must be text" })
          .trim()
          .min(1, { error: "A phone book name is empty" })
          .max(40, { error: "A phone book name may be at most 8 characters" })
          .superRefine(refuseControlChars("Phone book name")),
        { error: `phonebooks must be a list of phone book names, e.g. ["ISP1"]` },
      )
      .max(MAX_TOKEN_PHONEBOOKS, { error: `A token may be limited to at most ${MAX_TOKEN_PHONEBOOKS} phone books` })
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.scopes && value.role) {
      ctx.addIssue({ code: "custom", path: ["role"], message: "Send scopes or role, not both (role is the older way to say scopes)" });
    }
    if (value.expiresInDays !== undefined && value.expiresAt !== undefined) {
      ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "Send expiresInDays or expiresAt, not both" });
    }
  })
  .transform(({ name, scopes, role, expiresInDays, expiresAt, phonebooks }) => ({
    name,
    scopes: sortScopes(scopes ?? (role ? scopesForRole(role) : ["read"])),
    expiresInDays,
    expiresAt,
    phonebooks: [...new Set(phonebooks ?? [])],
  }));
export type TTokenCreate = z.output<typeof ZTokenCreate>;
