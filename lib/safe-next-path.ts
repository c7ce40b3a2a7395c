/** A same-site path to continue to after sign-in (`/invite/…`), or the default; never another origin. */
export function safeNextPath(value: unknown, fallback = "/phonebooks"): string {
  if (typeof value !== "string" || !/^\/[A-Za-z0-9/_-]*$/.test(value) || value.startsWith("//")) return fallback;
  return value.slice(0, 200);
}
