import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth/options";

// next-auth v4's App Router handler is typed `any`; it takes the request and route context.
const handler = NextAuth(authOptions) as (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;
export { handler as GET, handler as POST };
