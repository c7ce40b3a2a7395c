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
