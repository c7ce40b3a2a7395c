import { z } from "zod";
import { ZEmail, ZPassword, ZRole } from "./member";
import { refuseControlChars } from "./text";

/** Days an invitation link stays valid. */
export const INVITATION_DAYS = 7;

/**
 * Invites someone by email. There is deliberately no password: an admin never sets or
 * learns anything about an account; the invitee chooses their own.
 */
export const ZInvitationCreate = z.strictObject(
  { email: ZEmail, role: ZRole },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Unknown field(s) ${issue.keys.join(", ")}: an invitation takes only email and role (the invitee sets their own password)`
        : undefined,
  },
);
export type TInvitationCreate = z.output<typeof ZInvitationCreate>;

/** The secret part of an invitation link (`/invite/<token>`). */
export const ZInvitationToken = z
  .string()
  .regex(/^pbi_[A-Za-z0-9_-]{43}$/, { error: "This invitation link is not valid: check that it was copied in full" });

/** Creates an account from an invitation link: the email is the invitation's. */
export const ZInvitationSignup = z.object({
  name: z
    .string({ error: "Name must be text" })
    .trim()
    .min(1, { error: "Enter your name" })
    .max(100, { error: "Name may be at most 100 characters" })
    .superRefine(refuseControlChars("Name")),
  password: ZPassword,
});
export type TInvitationSignup = z.output<typeof ZInvitationSignup>;
