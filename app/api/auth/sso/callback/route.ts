import { NextResponse, type NextRequest } from "next/server";
import { ACTIVE_ORG_COOKIE, getSessionUser } from "@/lib/server/auth/get-actor";
import { clientAddress } from "@/lib/server/auth/client-address";
import { originFromHeaders } from "@/lib/server/request-origin";
import { finishSso, type TSsoOutcome } from "@/lib/server/sso/finish-sso";
import { clearedTransactionCookie, SSO_TX_COOKIE } from "@/lib/server/sso/sso-transaction";
import { log } from "@/lib/server/log";

type TResult = TSsoOutcome | { kind: "error" };

/** Where the browser goes next. */
function targetOf(outcome: TResult): string {
  if (outcome.kind === "signed-in") return "/phonebooks";
  if (outcome.kind === "linked") return "/account?sso=linked";
  return `/sso-failed?reason=${outcome.kind === "failed" ? outcome.reason : "error"}`;
}

async function finish(req: NextRequest, origin: string): Promise<TResult> {
  try {
    return await finishSso({
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
  } catch (error) {
    log().error({ err: error }, "sso callback failed");
    return { kind: "error" };
  }
}

// GET /api/auth/sso/callback - where identity providers send the browser back (code, state, iss)
export async function GET(req: NextRequest): Promise<Response> {
  const origin = originFromHeaders(req.headers);
  const isSecure = origin.startsWith("https://");
  const outcome = await finish(req, origin);
  const res = NextResponse.redirect(`${origin}${targetOf(outcome)}`, 303);
  res.headers.set("cache-control", "no-store");
  res.cookies.set(SSO_TX_COOKIE, "", clearedTransactionCookie(isSecure));
  if (outcome.kind === "signed-in") {
    res.cookies.set(outcome.cookie.name, outcome.cookie.value, outcome.cookie.options);
    res.cookies.set(ACTIVE_ORG_COOKIE, outcome.orgId, { httpOnly: true, sameSite: "lax", path: "/", secure: isSecure });
  }
  return res;
}
