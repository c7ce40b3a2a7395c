"use server";

import { cookies } from "next/headers";
import { ZSsoSlug } from "@/lib/schemas/sso";
import { runAction, type TActionResult } from "@/lib/server/action-result";
import { assertRole, getSessionActor, getSessionUser } from "@/lib/server/auth/get-actor";
import { AppError } from "@/lib/server/errors";
import { requestOrigin } from "@/lib/server/request-origin";
import { startSso } from "@/lib/server/sso/start-sso";
import { SSO_TX_COOKIE, transactionCookieOptions } from "@/lib/server/sso/sso-transaction";
import { parseInput } from "@/lib/server/validate";

/** How a flow ends: a new SSO session; link the signed-in account, then an SSO session; link only. */
type TMode = "sign-in" | "continue" | "link";

async function linkOf(mode: TMode, slug: string) {
  if (mode === "sign-in") return undefined;
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Your session has ended: sign in again.");
  if (mode === "link") {
    // Linking from the Account page is for the organisation the account works in.
    const actor = assertRole(await getSessionActor(), "viewer");
    if (actor.orgSlug !== slug) throw new AppError("forbidden", "Link single sign-on from the organisation you work in.");
  }
  return { userId: user.userId, sessionId: user.sessionId, thenSignIn: mode !== "link" };
}

/**
 * Starts single sign-on with organisation `slug`'s identity provider: keeps the sealed
 * transaction in an httpOnly cookie and returns the URL the browser goes to. A server
 * action, so Next.js checks the Origin: no other site can start a flow (or a link) for
 * this browser.
 */
export async function startSsoAction(input: { slug: unknown; mode: TMode }): Promise<TActionResult<{ url: string }>> {
  return runAction(async () => {
    const slug = parseInput(ZSsoSlug, input.slug, "slug");
    const mode: TMode = input.mode === "continue" || input.mode === "link" ? input.mode : "sign-in";
    const origin = await requestOrigin();
    const { url, cookie } = await startSso({ slug, origin, link: await linkOf(mode, slug) });
    (await cookies()).set(SSO_TX_COOKIE, cookie, transactionCookieOptions(origin.startsWith("https://")));
    return { url };
  });
}
