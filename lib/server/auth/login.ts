import "server-only";
import { recordSystemAudit } from "@/lib/server/audit/record-audit";
import { db } from "@/lib/server/db";
import { ACCOUNT_FREE, clearAccountKey, pruneThrottle, recordFailure, secondsToWait, throttleKeys } from "./login-throttle";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { verifySecondFactor } from "./two-factor";
import { log } from "@/lib/server/log";

export type TLoginResult =
  | { ok: true; userId: string; sessionVersion: number; orgId: string | null; secondFactor: boolean }
  | { ok: false; waitSeconds: number; needsCode?: "missing" | "wrong" };

/**
 * Checks an email and password from `address`. No lockout: failures cost growing delays
 * (login-throttle.ts), refused before any hash is computed. Unknown emails are checked
 * against a dummy hash and counted the same way, so time, answer and delays never tell
 * whether an account exists. With 2FA on, `code` (TOTP or recovery code) is needed too; a
 * wrong one counts as a failure. A legacy bcrypt hash is replaced by argon2id on success.
 */
export async function verifyLogin(emailRaw: string, password: string, address = "unknown", code?: string): Promise<TLoginResult> {
  const email = emailRaw.trim().toLowerCase();
  const keys = throttleKeys(email, address);
  const wait = await secondsToWait(keys);
  if (wait > 0) return { ok: false, waitSeconds: wait };
  const user = await db.user.findUnique({
    where: { email },
    include: { memberships: { orderBy: { createdAt: "asc" }, select: { orgId: true } } },
  });
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !matches) {
    const { delaySeconds, failures } = await recordFailure(keys);
    // Now and then, drop rows that no longer delay anyone (cheap: indexed on updated_at).
    if (Math.random() < 0.01) void pruneThrottle().catch((error: unknown) => log().error({ err: error }, "sign-in throttle prune failed"));
    if (user && failures > ACCOUNT_FREE && isPowerOfTwo(failures - ACCOUNT_FREE)) {
      await recordSystemAudit(db, {
        orgIds: user.memberships.map((m) => m.orgId),
        actorLabel: `sign-in from ${address}`,
        action: "auth.delay",
        entity: "user",
        entityId: user.id,
        summary: `${failures} failed sign-ins for ${email} from ${address}: next try delayed ${delaySeconds} s`,
        after: { email, address, failures, delaySeconds },
      });
    }
    return { ok: false, waitSeconds: delaySeconds };
  }
  // With 2FA on, the password alone is not enough; a wrong code costs a failure like a wrong password.
  if (user.totpEnabledAt) {
    if (!code) return { ok: false, waitSeconds: 0, needsCode: "missing" };
    if (!(await verifySecondFactor(user.id, code))) {
      const { delaySeconds } = await recordFailure(keys);
      return { ok: false, waitSeconds: delaySeconds, needsCode: "wrong" };
    }
  }
  await clearAccountKey(keys);
  if (needsRehash(user.passwordHash)) {
    const upgraded = await hashPassword(password);
    await db.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash: upgraded } });
  }
  return {
    ok: true,
    userId: user.id,
    sessionVersion: user.sessionVersion,
    orgId: user.memberships[0]?.orgId ?? null,
    secondFactor: Boolean(user.totpEnabledAt),
  };
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** Error text the sign-in form recognises: ask for the second factor. */
export const CODE_REQUIRED = "TWO_FACTOR_CODE_REQUIRED";

/** The message of a failed sign-in: one for every password failure, one for a wrong code. */
export function signInFailedMessage(waitSeconds: number, needsCode?: "missing" | "wrong"): string {
  if (needsCode === "missing") return CODE_REQUIRED;
  if (needsCode === "wrong") {
    return `That code is not right${waitSeconds > 0 ? `: wait ${waitSeconds} s before the next try` : ""}. Use the current code of your authenticator app, or a recovery code.`;
  }
  return waitSeconds > 0
    ? `Wrong email or password, or too many tries: wait ${waitSeconds} s before the next one.`
    : "Wrong email or password.";
}
