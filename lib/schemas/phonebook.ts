import { z } from "zod";
import { ZDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { ZPhonebookName } from "@/lib/phonebook/phonebook-name";
import { refuseControlChars } from "./text";

const ZDescription = z
  .string({ error: "Description must be text" })
  .trim()
  .max(500, { error: (issue) => `Description may be at most 500 characters (got ${String((issue.input as string).length)})` })
  .superRefine(refuseControlChars("Description"));

export const ZPhonebookCreate = z.object({ name: ZPhonebookName, description: ZDescription.optional().default("") });
export type TPhonebookCreate = z.output<typeof ZPhonebookCreate>;

export const ZPhonebookPatch = z
  .object({ name: ZPhonebookName.optional(), description: ZDescription.optional(), deliveryPolicy: ZDeliveryPolicy.optional() })
  .refine((v) => v.name !== undefined || v.description !== undefined || v.deliveryPolicy !== undefined, {
    error: "Send a name, a description or a deliveryPolicy to change",
  });
export type TPhonebookPatch = z.output<typeof ZPhonebookPatch>;

/** Query of DELETE /api/v1/phonebooks/:pb: purge=true also deletes its published files. */
export const ZPhonebookDeleteQuery = z.object({
  purge: z.enum(["true", "false"], { error: "purge must be true or false" }).optional(),
});
