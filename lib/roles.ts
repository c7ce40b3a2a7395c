/** Roles of SPEC §1, weakest first. Shared by the server checks and the UI. */
export const ROLES = ["viewer", "editor", "admin", "owner"] as const;
export type TRole = (typeof ROLES)[number];

const RANK: Record<TRole, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

/** True when `actual` is at least `needed` (owner > admin > editor > viewer). */
export function hasRole(actual: TRole, needed: TRole): boolean {
  return RANK[actual] >= RANK[needed];
}

export const ROLE_LABELS: Record<TRole, string> = {
  viewer: "Viewer — reads everything",
  editor: "Editor — edits POPs and regions, imports",
  admin: "Admin — also publishes, manages phone books, tokens, members",
  owner: "Owner — also manages the organisation",
};
