import "server-only";
import { headers } from "next/headers";

/** The origin the browser used for this request (honouring a proxy's X-Forwarded-* headers). */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost"}`;
}
