import { z } from "zod";
import { ZPassword } from "./member";

export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, { error: "Enter your current password" }).max(1000),
    newPassword: ZPassword,
    confirm: z.string().max(1000),
    /** A checkbox: "on" when ticked. */
    revokeTokens: z.preprocess((v) => v === "on" || v === true, z.boolean()),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], error: "The two new passwords differ" });

/** A second factor as typed: 6 digits, or a recovery code like `abcde-12345`. */
export const ZTwoFactorCode = z
  .string({ error: "Enter a code" })
  .trim()
  .min(1, { error: "Enter the 6-digit code of your authenticator app, or a recovery code" })
  .max(40, { error: "A code is at most 40 characters" })
  .regex(/^[A-Za-z0-9 -]+$/, { error: "A code has only digits, letters and dashes" });
