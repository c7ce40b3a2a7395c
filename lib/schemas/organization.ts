import { z } from "zod";
import { refuseControlChars } from "./text";

export const ZOrganizationName = z
  .string({ error: "Name must be text" })
  .trim()
  .min(1, { error: "Enter a name" })
  .max(80, { error: (i) => `Name may be at most 80 characters (got ${String((i.input as string).length)})` })
  .superRefine(refuseControlChars("Name"));
export const ZSwitchOrganization = z.uuid({ error: "Unknown organisation" });
