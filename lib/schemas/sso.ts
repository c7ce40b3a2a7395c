import { z } from "zod";
import { refuseControlChars } from "./text";

/** Roles a member who joins through single sign-on may get: never owner. */
export const SSO_ROLES = ["viewer", "editor", "admin"] as const;

const ZLine = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, { error: `Enter the ${label.toLowerCase()}` })
    .max(max, { error: `${label} may be at most ${max} characters` })
    .superRefine(refuseControlChars(label));

/**
 * An organisation's OpenID Connect settings, from the Organisation page or `PUT /api/v1/sso`.
 * The client secret may be left out (or empty) to keep the stored one.
 */
export const ZSsoSettings = z.object({
  issuer: ZLine("Issuer URL", 500).pipe(z.url({ error: "Issuer URL must be a URL such as https://idp.example.com" })),
  clientId: ZLine("Client ID", 300),
  clientSecret: z
    .string({ error: "Client secret must be text" })
    .max(1000, { error: "Client secret may be at most 1000 characters" })
    .superRefine(refuseControlChars("Client secret"))
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim())),
  defaultRole: z.enum(SSO_ROLES, { error: "Default role must be viewer, editor or admin" }).default("viewer"),
  allowPassword: z.boolean({ error: "allowPassword must be true or false" }).default(true),
  enabled: z.boolean({ error: "enabled must be true or false" }).default(true),
});
export type TSsoSettings = z.output<typeof ZSsoSettings>;

/** An organisation slug typed on the sign-in page. */
export const ZSsoSlug = z
  .string({ error: "Enter your organisation's slug" })
  .trim()
  .toLowerCase()
  .min(1, { error: "Enter your organisation's slug" })
  .max(100, { error: "No organisation has that slug" })
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, { error: "No organisation has that slug" });
