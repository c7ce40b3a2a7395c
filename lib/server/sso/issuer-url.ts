import "server-only";
import { env } from "@/lib/env";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Whether http:// issuers on loopback are accepted (SSO_ALLOW_HTTP_LOOPBACK; by default
 * outside production only): they serve tests and a local IdP, but would let an owner make
 * the server send requests to its own loopback ports.
 */
export function allowsHttpLoopback(): boolean {
  const { SSO_ALLOW_HTTP_LOOPBACK, NODE_ENV } = env();
  return (SSO_ALLOW_HTTP_LOOPBACK ?? (NODE_ENV === "production" ? "false" : "true")) === "true";
}

/**
 * Why `issuer` cannot be used, or null when it can: https only (http on loopback when
 * allowed), no credentials, query or fragment (OpenID Connect Discovery 1.0 issuers).
 */
export function issuerProblem(issuer: string, httpLoopback = allowsHttpLoopback()): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return "Issuer URL must be a URL such as https://idp.example.com";
  }
  if (url.username || url.password || url.search || url.hash) return "Issuer URL must not contain credentials, a query or a fragment";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) {
    return httpLoopback ? null : "Issuer URL must use https (http on a loopback address is turned off on this server)";
  }
  return "Issuer URL must use https (http only for an identity provider on 127.0.0.1, ::1 or localhost)";
}
