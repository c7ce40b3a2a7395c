import type { TRole } from "./roles";

/** What an API token may do (docs/security.md, "API tokens"). Shared by the server checks and the UI. */
export const SCOPES = ["read", "write", "publish", "admin"] as const;
export type TScope = (typeof SCOPES)[number];

export const SCOPE_LABELS: Record<TScope, string> = {
  read: "read — phone books, POPs, regions, versions, files, members, audit",
  write: "write — POPs, regions, imports",
  publish: "publish — publish and restore versions",
  admin: "admin — phone books, members, invitations, tokens",
};

/** The scopes a role's rights cover: a token never holds a scope its user's role lacks. */
export function scopesForRole(role: TRole): TScope[] {
  if (role === "viewer") return ["read"];
  if (role === "editor") return ["read", "write"];
  return [...SCOPES];
}

/** The scope a route needs when it declares none: the one matching the role it requires. */
export function defaultScopeForRole(role: TRole): TScope {
  if (role === "viewer") return "read";
  if (role === "editor") return "write";
  return "admin";
}

/** `scopes` deduplicated, in the order of {@link SCOPES}. */
export const sortScopes = (scopes: readonly TScope[]): TScope[] => SCOPES.filter((s) => scopes.includes(s));
