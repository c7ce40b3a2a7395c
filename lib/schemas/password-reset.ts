import { z } from "zod";
import { ZEmail, ZPassword } from "./member";

/** Minutes a password reset link stays valid. */
export const RESET_MINUTES = 60;

export const ZResetRequest = z.object({ email: ZEmail });

export const ZResetToken = z
  .string()
  .regex(/^pbr_[A-Za-z0-9_-]{43}$/, { error: "This reset link is not valid: check that it was copied in full" });

export const ZResetPassword = z
  .object({ password: ZPassword, confirm: z.string().max(1000) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], error: "The two passwords differ" });
