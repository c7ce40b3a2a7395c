import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The origin links are built on: NEXTAUTH_URL when set, else the request's Host (and
 * X-Forwarded-Proto/-Host only when TRUST_PROXY=true, since a client can forge them).
 */
export function originFromHeaders(h: Headers): string {
  const { NEXTAUTH_URL, TRUST_PROXY } = env();
  if (NEXTAUTH_URL) return new URL(NEXTAUTH_URL).origin;
  const trusted = TRUST_PROXY === "true";
  const proto = (trusted ? h.get("x-forwarded-proto")?.split(",")[0]?.trim() : undefined) ?? "http";
  const host = (trusted ? h.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined) ?? h.get("host") ?? "localhost";
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

/** The origin for this page request (see `originFromHeaders`). */
export async function requestOrigin(): Promise<string> {
  return originFromHeaders(await headers());
}
