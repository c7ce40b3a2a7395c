import "server-only";
import * as oidc from "openid-client";
import { open } from "@/lib/server/auth/secret-box";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { discoverProvider, DiscoveryError } from "./oidc-config";
import { ssoRedirectUri } from "./sso-settings";
import { sealTransaction, type TSsoTransaction } from "./sso-transaction";
import { log } from "@/lib/server/log";

export const NO_SSO_MESSAGE = "No organisation with that slug signs in with single sign-on.";

/** The enabled SSO settings of the organisation `slug`, or a 404 that looks the same for every reason. */
export async function findSsoOrganization(slug: string) {
  const org = await db.organization.findUnique({ where: { slug }, include: { ssoConfig: true } });
  if (!org?.ssoConfig?.enabled) throw new AppError("not_found", NO_SSO_MESSAGE);
  return { org, config: org.ssoConfig };
}

/**
 * Starts an authorization-code flow with PKCE, state and nonce at the identity provider of
 * organisation `slug`: returns the URL to send the browser to and the sealed transaction
 * for the SSO_TX_COOKIE. `link` binds the attempt to a signed-in session (Account page,
 * /sso-required, /sso/<slug> while signed in).
 */
export async function startSso(options: {
  slug: string;
  origin: string;
  link?: TSsoTransaction["link"];
}): Promise<{ url: string; cookie: string }> {
  const { org, config } = await findSsoOrganization(options.slug);
  const settings = { issuer: config.issuer, clientId: config.clientId, clientSecret: open(config.clientSecret) };
  let provider: oidc.Configuration;
  try {
    provider = await discoverProvider(settings);
  } catch (error) {
    if (!(error instanceof DiscoveryError)) throw error;
    log().error({ err: error, issuer: config.issuer, org: org.slug, reason: error.reason }, "sso discovery failed");
    throw new AppError("unavailable", `${org.name}'s identity provider does not answer (${error.reason}). Try again later.`);
  }
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const redirectUri = ssoRedirectUri(options.origin);
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const cookie = sealTransaction({ orgId: org.id, issuer: config.issuer, redirectUri, state, nonce, verifier, link: options.link });
  return { url: url.href, cookie };
}
