import "server-only";
import { createSession, revokeSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db";
import { redeemCode, SsoFailure, type TSsoClaims, type TSsoFailure } from "./sso-claims";
import { resolveSsoUser, type TSsoUser } from "./resolve-sso-user";
import { sessionCookie } from "./session-cookie";
import { openTransaction } from "./sso-transaction";
import { log } from "@/lib/server/log";

export type TSsoOutcome =
  | { kind: "signed-in"; orgId: string; cookie: Awaited<ReturnType<typeof sessionCookie>> }
  | { kind: "linked"; orgId: string }
  | { kind: "failed"; reason: TSsoFailure };

type TFinishOptions = {
  /** The callback's query string (code, state, iss — or error). */
  query: URLSearchParams;
  txCookie: string | undefined;
  origin: string;
  userAgent: string;
  address: string;
  /** The signed-in session of this browser, read only for flows started while signed in. */
  currentSession: () => Promise<{ userId: string; sessionId: string } | null>;
};

/** Audits an SSO event of `user` in the organisation (actor: the user, through SSO). */
async function audit(orgId: string, user: TSsoUser, action: string, summary: string, after: object): Promise<void> {
  await db.auditEvent.create({
    data: { orgId, actorId: user.userId, actorLabel: `${user.email} (SSO)`, action, entity: "user", entityId: user.userId, summary, after },
  });
}

async function auditSignIn(orgId: string, user: TSsoUser, claims: TSsoClaims, address: string): Promise<void> {
  if (user.linked)
    await audit(orgId, user, "sso.link", `Linked ${user.email} to ${claims.issuer} (subject ${claims.subject})`, {
      subject: claims.subject,
    });
  await audit(
    orgId,
    user,
    "auth.sso",
    `Signed in with single sign-on (${claims.issuer}) from ${address}${user.created ? "; account created" : ""}`,
    {
      subject: claims.subject,
      email: claims.email,
      address,
      created: user.created,
      linked: user.linked,
      joined: user.joined,
    },
  );
}

/**
 * The callback of an SSO flow: opens the sealed transaction, redeems the code
 * (sso-claims.ts), finds, creates or links the account (resolve-sso-user.ts), then makes a
 * session that works in that organisation only (method "sso") and its next-auth cookie. A
 * link-only flow (Account page) keeps the current session. Every outcome is audited.
 */
export async function finishSso(options: TFinishOptions): Promise<TSsoOutcome> {
  const tx = openTransaction(options.txCookie);
  if (!tx) return { kind: "failed", reason: "expired" };
  try {
    const claims = await redeemCode(tx, options.query);
    const session = tx.link ? await options.currentSession() : null;
    const user = await resolveSsoUser({ tx, claims, address: options.address, session });
    if (tx.link && !tx.link.thenSignIn) {
      if (user.linked)
        await audit(tx.orgId, user, "sso.link", `Linked ${user.email} to ${claims.issuer} (subject ${claims.subject})`, {
          subject: claims.subject,
        });
      return { kind: "linked", orgId: tx.orgId };
    }
    const sessionId = await createSession({
      userId: user.userId,
      userAgent: options.userAgent,
      address: options.address,
      method: "sso",
      ssoOrgId: tx.orgId,
    });
    // This browser's cookie is replaced: the session it named is over.
    if (tx.link) await revokeSession({ userId: tx.link.userId, sessionId: tx.link.sessionId });
    await auditSignIn(tx.orgId, user, claims, options.address);
    const cookie = await sessionCookie({
      userId: user.userId,
      sessionVersion: user.sessionVersion,
      orgId: tx.orgId,
      sessionId,
      origin: options.origin,
    });
    return { kind: "signed-in", orgId: tx.orgId, cookie };
  } catch (error) {
    if (!(error instanceof SsoFailure)) throw error;
    if (error.reason === "idp_error")
      log().warn({ orgId: tx.orgId, reason: error.reason, message: error.message }, "sso callback refused by the identity provider");
    return { kind: "failed", reason: error.reason };
  }
}
