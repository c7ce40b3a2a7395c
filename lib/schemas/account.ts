import { z } from "zod";

export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, { error: "Enter your current password" }).max(1000),
    newPassword: z
      .string()
      .min(10, { error: "The new password needs at least 10 characters" })
      .max(200, { error: "At most 200 characters" }),
    confirm: z.string().max(1000),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], error: "The two new passwords differ" });
