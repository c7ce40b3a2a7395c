import type { z } from "zod";
import { controlCharMessage } from "@/lib/phonebook/text-rules";

/**
 * A `superRefine` check for one-line text: refuses control characters (C0 and DEL, NUL
 * included, which PostgreSQL cannot store) with a message naming the field.
 */
export function refuseControlChars(label: string) {
  return (value: string, ctx: z.RefinementCtx<string>): void => {
    const message = controlCharMessage(label, value);
    if (message) ctx.addIssue({ code: "custom", message });
  };
}
