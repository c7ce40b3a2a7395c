import { NextResponse, type NextRequest } from "next/server";
import { ACTIVE_ORG_COOKIE, getSessionUser } from "@/lib/server/auth/get-actor";
import { clientAddress } from "@/lib/server/auth/client-address";
import { originFromHeaders } from "@/lib/server/request-origin";
import { finishSso } from "@/lib/server/sso/finish-sso";
import { clearedTransactionCookie, SSO_TX_COOKIE } from "@/lib/server/sso/sso-transaction";

// GET /api/auth/sso/callback - where identity providers send the browser back (code, state, iss)
export async function GET(req: NextRequest): Promise<Response> {
  const origin = originFromHeaders(req.headers);
  const isSecure = origin.startsWith("https://");
  const outcome = await finishSso({
    query: req.nextUrl.searchParams,
    txCookie: req.cookies.get(SSO_TX_COOKIE)?.value,
    origin,
    userAgent: req.headers.get("user-agent") ?? "",
    address: clientAddress(req.headers),
    currentSession: async () => {
      const user = await getSessionUser();
      return user ? { userId: user.userId, sessionId: user.sessionId } : null;
    },
  });
  const target =
    outcome.kind === "signed-in"
      ? "/phonebooks"
      : outcome.kind === "linked"
        ? "/account?sso=linked"
        : `/sso-failed?reason=${outcome.reason}`;
  const res = NextResponse.redirect(`${origin}${target}`, 303);
  res.headers.set("cache-control", "no-store");
  res.cookies.set(SSO_TX_COOKIE, "", clearedTransactionCookie(isSecure));
  if (outcome.kind === "signed-in") {
    res.cookies.set(outcome.cookie.name, outcome.cookie.value, outcome.cookie.options);
    res.cookies.set(ACTIVE_ORG_COOKIE, outcome.orgId, { httpOnly: true, sameSite: "lax", path: "/", secure: isSecure });
  }
  return res;
}
