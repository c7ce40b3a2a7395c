import "server-only";

type TWindow = { count: number; resetAt: number };

/**
 * A fixed-window counter per key (e.g. client IP), kept in this process. Several app
 * instances each keep their own; the per-account lockout in the database is the global guard.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; maxKeys?: number }) {
  const windows = new Map<string, TWindow>();
  const maxKeys = options.maxKeys ?? 50_000;
  return {
    /** Counts one attempt; returns the seconds to wait when over the limit, else 0. */
    hit(key: string, now = Date.now()): number {
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        if (windows.size >= maxKeys) {
          for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
          if (windows.size >= maxKeys) windows.clear();
        }
        w = { count: 0, resetAt: now + options.windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      return w.count > options.limit ? Math.ceil((w.resetAt - now) / 1000) : 0;
    },
  };
}

/** Sign-in attempts per client address: 20 per 5 minutes. */
export const loginLimiter = createRateLimiter({ limit: 20, windowMs: 5 * 60_000 });
/** Sign-in attempts per email, whatever the address: 10 per 5 minutes. */
export const loginEmailLimiter = createRateLimiter({ limit: 10, windowMs: 5 * 60_000 });

/**
 * The client address for rate limiting: the first X-Forwarded-For hop when TRUST_PROXY says a
 * proxy in front sets it. Otherwise null: a client could forge the header, and one shared key
 * would let anyone block every sign-in (the per-email limit and the lockout still apply).
 */
export function clientAddress(
  headers: Record<string, string | string[] | undefined> | Headers | undefined,
  trustProxy = process.env.TRUST_PROXY === "true",
): string | null {
  if (!trustProxy) return null;
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return (get("x-forwarded-for")?.split(",")[0] ?? get("x-real-ip") ?? "local").trim().slice(0, 64);
}
