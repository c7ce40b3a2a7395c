import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { clientAddress } from "./client-address";
import { signInFailedMessage, verifyLogin } from "./login";

const ZCredentials = z.object({
  email: z
    .string()
    .min(1)
    .max(320)
    .regex(/^[^\u0000-\u001f\u007f]*$/),
  password: z.string().min(1).max(1000),
});

/**
 * next-auth v4 configuration: email + password, JWT sessions. The token carries only ids and
 * the user's session version; role and organisation are re-read from the database on every
 * request (see get-actor.ts), so a role change or removal takes effect at once.
 */
export const authOptions: NextAuthOptions = {
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = ZCredentials.safeParse(credentials);
        if (!parsed.success) throw new Error("Enter your email and password.");
        const result = await verifyLogin(parsed.data.email, parsed.data.password, clientAddress(req?.headers));
        if (result.ok) return { id: result.userId, sv: result.sessionVersion, orgId: result.orgId ?? undefined };
        throw new Error(signInFailedMessage(result.waitSeconds));
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; sv?: number; orgId?: string };
        token.sub = u.id;
        token.sv = u.sv;
        token.orgId = u.orgId;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub, orgId: token.orgId, sv: token.sv };
    },
  },
};
