import "server-only";
import type { TRole } from "@/lib/roles";

/** What the policy needs of a membership: its role and its organisation's SSO switches. */
export type TPolicyMembership = {
  orgId: string;
  role: TRole;
  org: { require2fa: boolean; ssoConfig: { enabled: boolean; allowPassword: boolean } | null };
};

/**
 * Whether a session may work in a membership's organisation (docs/security.md, "Single
 * sign-on"): "ok"; "elsewhere" for a session made through another organisation's SSO (an
 * organisation's IdP vouches for that organisation only); "sso" for a password session of a
 * non-owner where the organisation turned password sign-in off (owners keep it, so a broken
 * IdP never locks the organisation out).
 */
export function sessionAccess(m: TPolicyMembership, session: { ssoOrgId: string | null }): "ok" | "elsewhere" | "sso" {
  if (session.ssoOrgId) return session.ssoOrgId === m.orgId ? "ok" : "elsewhere";
  const sso = m.org.ssoConfig;
  return sso?.enabled && !sso.allowPassword && m.role !== "owner" ? "sso" : "ok";
}

/** The organisation requires 2FA the user lacks; a session made through its own SSO is its own authentication. */
export function mustEnrollTwoFactor(m: TPolicyMembership, session: { ssoOrgId: string | null }, hasTwoFactor: boolean): boolean {
  return m.org.require2fa && !hasTwoFactor && session.ssoOrgId !== m.orgId;
}
