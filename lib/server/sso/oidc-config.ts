import "server-only";
import { createHash } from "node:crypto";
import * as oidc from "openid-client";

/** What the server needs to talk to one organisation's identity provider. */
export type TProviderSettings = { issuer: string; clientId: string; clientSecret: string };

/** Discovery failed: `reason` is short and never carries the provider's answer body. */
export class DiscoveryError extends Error {
  readonly reason: string;
  constructor(reason: string, cause?: unknown) {
    super(`OpenID Connect discovery failed: ${reason}`, { cause });
    this.name = "DiscoveryError";
    this.reason = reason;
  }
}

const TIMEOUT_SECONDS = 5;
const CACHE_MS = 5 * 60_000;
const CACHE_MAX = 200;
const cache = new Map<string, { config: oidc.Configuration; at: number }>();

const cacheKey = (s: TProviderSettings) =>
  createHash("sha256")
    .update(JSON.stringify([s.issuer, s.clientId, s.clientSecret]))
    .digest("base64url");

/** Short, answer-free words for why discovery failed. */
function reasonOf(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; status?: number }; status?: number };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `no answer within ${TIMEOUT_SECONDS} s`;
  const status = e.status ?? e.cause?.status;
  if (typeof status === "number") return `it answered HTTP ${status}`;
  if (e.code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED") return "its discovery document names another issuer";
  if (typeof e.code === "string" && e.code.startsWith("OAUTH_")) return "its answer is not a valid discovery document";
  return "no answer (connection failed)";
}

/**
 * client_secret_basic, the default of OpenID Connect Discovery when the provider lists
 * nothing, unless the provider supports only client_secret_post.
 */
function clientAuth(metadata: oidc.ServerMetadata, secret: string): oidc.ClientAuth {
  const supported = metadata.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
  return !supported.includes("client_secret_basic") && supported.includes("client_secret_post")
    ? oidc.ClientSecretPost(secret)
    : oidc.ClientSecretBasic(secret);
}

/**
 * The openid-client configuration of an identity provider, from its discovery document
 * (`<issuer>/.well-known/openid-configuration`), cached for five minutes per settings.
 * http is used only for issuers issuer-url.ts allowed. Throws DiscoveryError.
 */
export async function discoverProvider(settings: TProviderSettings, options: { fresh?: boolean } = {}): Promise<oidc.Configuration> {
  const key = cacheKey(settings);
  const hit = cache.get(key);
  if (hit && !options.fresh && Date.now() - hit.at < CACHE_MS) return hit.config;
  const isHttp = new URL(settings.issuer).protocol === "http:";
  let discovered: oidc.Configuration;
  try {
    discovered = await oidc.discovery(new URL(settings.issuer), settings.clientId, undefined, oidc.None(), {
      timeout: TIMEOUT_SECONDS,
      execute: isHttp ? [oidc.allowInsecureRequests] : [],
    });
  } catch (error) {
    throw new DiscoveryError(reasonOf(error), error);
  }
  const metadata = discovered.serverMetadata();
  if (!metadata.authorization_endpoint || !metadata.token_endpoint) {
    throw new DiscoveryError("its discovery document has no authorization or token endpoint");
  }
  const config = new oidc.Configuration(metadata, settings.clientId, settings.clientSecret, clientAuth(metadata, settings.clientSecret));
  config.timeout = TIMEOUT_SECONDS;
  if (isHttp) oidc.allowInsecureRequests(config);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, { config, at: Date.now() });
  return config;
}
