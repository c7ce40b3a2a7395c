import "server-only";
import { randomBytes } from "node:crypto";
import { hashToken } from "@/lib/server/auth/api-tokens";

/** A fresh invitation secret (`pbi_` + 256 random bits); only its hash is stored. */
export const newInvitationToken = (): string => `pbi_${randomBytes(32).toString("base64url")}`;

/** Invitations are stored like API tokens: as the SHA-256 of the secret. */
export const hashInvitationToken = hashToken;

/** The link an invitee opens. */
export const invitationLink = (origin: string, token: string): string => `${origin}/invite/${token}`;
