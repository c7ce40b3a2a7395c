import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A fresh invitation secret (`pbi_` + 256 random bits); only its hash is stored. */
export const newInvitationToken = (): string => `pbi_${randomBytes(32).toString("base64url")}`;

export const hashInvitationToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** The link an invitee opens. */
export const invitationLink = (origin: string, token: string): string => `${origin}/invite/${token}`;
