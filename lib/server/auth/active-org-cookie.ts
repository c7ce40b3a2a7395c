import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { ACTIVE_ORG_COOKIE } from "./get-actor";

/** Makes `orgId` the organisation this browser works in (the caller checked the membership). */
export async function setActiveOrgCookie(orgId: string): Promise<void> {
  const { NODE_ENV, NEXTAUTH_URL } = env();
  (await cookies()).set(ACTIVE_ORG_COOKIE, orgId, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: NODE_ENV === "production" && NEXTAUTH_URL?.startsWith("https") === true,
  });
}
