import "server-only";
import type { TRole } from "@/lib/roles";

/** Who is calling: a signed-in user or an API token, always bound to one organisation. */
export type TActor = {
  userId: string;
  email: string;
  orgId: string;
  orgSlug: string;
  orgName: string;
  role: TRole;
  via: "session" | "token";
  tokenId?: string;
  /** A session whose organisation requires 2FA the user has not turned on: only the Account page works. */
  mustEnrollTwoFactor?: boolean;
  /** A password session in an organisation that allows only SSO sign-in (owners excepted): nothing works there. */
  mustUseSso?: boolean;
};

export function actorLabel(actor: TActor): string {
  return actor.via === "token" ? `${actor.email} (API token)` : actor.email;
}
