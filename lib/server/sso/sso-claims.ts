import "server-only";
import * as oidc from "openid-client";
import { open } from "@/lib/server/auth/secret-box";
import { db } from "@/lib/server/db";
import { discoverProvider } from "./oidc-config";
import type { TSsoTransaction } from "./sso-transaction";

/** Who the identity provider says signed in. */
export type TSsoClaims = { issuer: string; subject: string; email: string | null; emailVerified: boolean | null; name: string };

/** Why a callback is refused; each has its own page text (app/(auth)/sso-failed). */
export type TSsoFailure =
  "expired" | "not_configured" | "idp_error" | "email_unverified" | "no_email" | "account_exists" | "already_linked" | "link_session";

export class SsoFailure extends Error {
  readonly reason: TSsoFailure;
  constructor(reason: TSsoFailure, detail?: string, cause?: unknown) {
    super(`single sign-on refused: ${reason}${detail ? ` (${detail})` : ""}`, { cause });
    this.name = "SsoFailure";
    this.reason = reason;
  }
}

const CONTROL = /[\u0000-\u001f\u007f]/g;
const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}$/;
const text = (value: unknown, max: number) => (typeof value === "string" ? value.replace(CONTROL, "").trim().slice(0, max) : "");

/** `true`, `false`, or null when the provider did not say ("true"/"false" strings count). */
function verified(value: unknown): boolean | null {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return null;
}

/** Claims from the ID token, completed from the UserInfo endpoint when it lacks the email. */
async function readClaims(provider: oidc.Configuration, tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>) {
  const idToken = tokens.claims();
  if (!idToken) throw new SsoFailure("idp_error", "no ID token");
  if (typeof idToken.email === "string") return idToken;
  const info = await oidc.fetchUserInfo(provider, tokens.access_token, idToken.sub);
  return { ...info, ...idToken, email: info.email, email_verified: info.email_verified, name: idToken.name ?? info.name };
}

/**
 * Finishes the authorization-code flow of `tx` at the identity provider: checks the
 * callback's state and issuer, redeems the code with the PKCE verifier, validates the ID
 * token (signature, issuer, audience, expiry, nonce) and returns the claims. Refuses a
 * provider that says the email address is not verified.
 */
export async function redeemCode(tx: TSsoTransaction, callbackQuery: URLSearchParams): Promise<TSsoClaims> {
  const config = await db.ssoConfig.findUnique({ where: { orgId: tx.orgId } });
  if (!config?.enabled || config.issuer !== tx.issuer) throw new SsoFailure("not_configured");
  let claims: Awaited<ReturnType<typeof readClaims>>;
  try {
    const provider = await discoverProvider({ issuer: config.issuer, clientId: config.clientId, clientSecret: open(config.clientSecret) });
    // The redirect URI of the authorization request, with the provider's answer (code, state, iss).
    const current = new URL(tx.redirectUri);
    current.search = callbackQuery.toString();
    const tokens = await oidc.authorizationCodeGrant(provider, current, {
      pkceCodeVerifier: tx.verifier,
      expectedState: tx.state,
      expectedNonce: tx.nonce,
      idTokenExpected: true,
    });
    claims = await readClaims(provider, tokens);
  } catch (error) {
    if (error instanceof SsoFailure) throw error;
    throw new SsoFailure("idp_error", (error as Error).message, error);
  }
  const emailVerified = verified(claims.email_verified);
  if (emailVerified === false) throw new SsoFailure("email_unverified");
  const email = text(claims.email, 320).toLowerCase();
  const name = text(claims.name, 200) || [text(claims.given_name, 100), text(claims.family_name, 100)].filter(Boolean).join(" ");
  return { issuer: config.issuer, subject: claims.sub, email: EMAIL.test(email) ? email : null, emailVerified, name };
}
