import "server-only";
import type { TRole } from "@/lib/roles";
import type { TScope } from "@/lib/scopes";

/** The API token an actor calls with: its rights within the user's role (lib/server/auth/api-tokens.ts). */
export type TActorToken = {
  id: string;
  scopes: TScope[];
  /** Phone books it is limited to; empty = every phone book of the organisation. */
  phonebookIds: string[];
  expiresAt: Date | null;
};

/** Who is calling: a signed-in user or an API token, always bound to one organisation. */
export type TActor = {
  userId: string;
  email: string;
  orgId: string;
  orgSlug: string;
  orgName: string;
  role: TRole;
  via: "session" | "token";
  /** A session whose organisation requires 2FA the user has not turned on: only the Account page works. */
  mustEnrollTwoFactor?: boolean;
  /** Set for `via: "token"` actors that came through `Authorization: Bearer`. */
  apiToken?: TActorToken;
  /** A password session in an organisation that allows only SSO sign-in (owners excepted): nothing works there. */
  mustUseSso?: boolean;
};

export function actorLabel(actor: TActor): string {
  return actor.via === "token" ? `${actor.email} (API token)` : actor.email;
}
