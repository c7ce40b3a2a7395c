import "server-only";
import { encode } from "next-auth/jwt";
import { authOptions } from "@/lib/server/auth/options";

const MAX_AGE = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60;

/**
 * next-auth's session cookie for a session made outside its providers (SSO), the way
 * next-auth 4.24 makes its own: the same secret, claims (sub, sv, orgId, sid) and maxAge
 * as lib/server/auth/options.ts; named `__Secure-next-auth.session-token` and Secure when
 * the app's origin is https (next-auth's `useSecureCookies`), else `next-auth.session-token`.
 */
export async function sessionCookie(options: { userId: string; sessionVersion: number; orgId: string; sessionId: string; origin: string }) {
  const secret = authOptions.secret;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  const isSecure = options.origin.startsWith("https://");
  const value = await encode({
    token: { sub: options.userId, sv: options.sessionVersion, orgId: options.orgId, sid: options.sessionId },
    secret,
    maxAge: MAX_AGE,
  });
  return {
    name: `${isSecure ? "__Secure-" : ""}next-auth.session-token`,
    value,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure: isSecure, maxAge: MAX_AGE } as const,
  };
}
