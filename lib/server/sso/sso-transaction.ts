import "server-only";
import { z } from "zod";
import { open, seal } from "@/lib/server/auth/secret-box";

/** Cookie holding one sign-in attempt (sealed, httpOnly, sent only to the callback). */
export const SSO_TX_COOKIE = "pba-sso-tx";
const TX_COOKIE_PATH = "/api/auth/sso";
const TX_MAX_AGE_SECONDS = 10 * 60;

const ZTransaction = z.object({
  purpose: z.literal("sso-tx"),
  orgId: z.uuid(),
  issuer: z.string(),
  redirectUri: z.string(),
  state: z.string().min(20),
  nonce: z.string().min(20),
  verifier: z.string().min(43),
  createdAt: z.number(),
  /** Started by a signed-in account to link it (and, with `thenSignIn`, to continue with an SSO session). */
  link: z.object({ userId: z.uuid(), sessionId: z.uuid(), thenSignIn: z.boolean() }).optional(),
});
export type TSsoTransaction = z.infer<typeof ZTransaction>;

/** The sealed cookie value of a transaction. */
export const sealTransaction = (tx: Omit<TSsoTransaction, "purpose" | "createdAt">): string =>
  seal(JSON.stringify({ ...tx, purpose: "sso-tx", createdAt: Date.now() } satisfies TSsoTransaction));

/** The transaction of a cookie value, or null when missing, forged, of another key or older than ten minutes. */
export function openTransaction(value: string | undefined): TSsoTransaction | null {
  if (!value) return null;
  try {
    const tx = ZTransaction.parse(JSON.parse(open(value)));
    const age = Date.now() - tx.createdAt;
    return age >= 0 && age <= TX_MAX_AGE_SECONDS * 1000 ? tx : null;
  } catch {
    return null;
  }
}

/** Cookie options: lax, because the identity provider sends the browser back with a top-level GET. */
export const transactionCookieOptions = (secure: boolean) =>
  ({ httpOnly: true, sameSite: "lax", path: TX_COOKIE_PATH, maxAge: TX_MAX_AGE_SECONDS, secure }) as const;

/** Options that delete the transaction cookie. */
export const clearedTransactionCookie = (secure: boolean) => ({ ...transactionCookieOptions(secure), maxAge: 0 }) as const;
