import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { clientAddress } from "./client-address";
import { signInFailedMessage, verifyLogin } from "./login";
import { createSession, revokeSession } from "./sessions";
import { env } from "@/lib/env";

const headerOf = (headers: Record<string, unknown> | undefined, name: string): string => {
  const value = headers?.[name];
  return typeof value === "string" ? value : "";
};

const ZCredentials = z.object({
  code: z.string().max(40).optional(),
  email: z
    .string()
    .min(1)
    .max(320)
    .regex(/^[^\u0000-\u001f\u007f]*$/),
  password: z.string().min(1).max(1000),
});

/**
 * next-auth v4 configuration: email + password, JWT cookies that name a server-side session
 * (sessions.ts). The token carries only ids and the user's session version; role and
 * organisation are re-read from the database on every request (see get-actor.ts), so a role
 * change or removal takes effect at once, and a revoked or idle session is refused.
 */
export const authOptions: NextAuthOptions = {
  // Read per request, not when this module is imported (the build imports it).
  get secret() {
    return env().AUTH_SECRET;
  },
  // The cookie's own lifetime is an absolute cap; the idle timeout is enforced on the server.
  session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Code", type: "text" },
      },
      async authorize(credentials, req) {
        const parsed = ZCredentials.safeParse(credentials);
        if (!parsed.success) throw new Error("Enter your email and password.");
        const address = clientAddress(req?.headers);
        const result = await verifyLogin(parsed.data.email, parsed.data.password, address, parsed.data.code || undefined);
        if (result.ok) {
          const userAgent = headerOf(req?.headers, "user-agent");
          const sid = await createSession({
            userId: result.userId,
            userAgent,
            address,
            method: "password",
            secondFactor: result.secondFactor,
          });
          return { id: result.userId, sv: result.sessionVersion, orgId: result.orgId ?? undefined, sid };
        }
        throw new Error(signInFailedMessage(result.waitSeconds, result.needsCode));
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; sv?: number; orgId?: string; sid?: string };
        token.sub = u.id;
        token.sv = u.sv;
        token.orgId = u.orgId;
        token.sid = u.sid;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, orgId: token.orgId, sv: token.sv, sid: token.sid };
    },
  },
  events: {
    // Signing out ends the session on the server: a copied cookie is dead from now on.
    async signOut({ token }) {
      if (token?.sub && token.sid) await revokeSession({ userId: token.sub, sessionId: token.sid });
    },
  },
};
