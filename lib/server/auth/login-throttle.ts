import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/server/db";

/**
 * Growing sign-in delays instead of a lockout, held in PostgreSQL so every instance shares
 * them (table login_throttle). Two keys per attempt:
 *  - the account (its email, hashed, known or not) together with the client address: after
 *    ACCOUNT_FREE failures the next try waits 1 s, then 2, 4, … up to MAX_DELAY_S;
 *  - the client address alone, with a larger allowance (ADDRESS_FREE), against one address
 *    trying many accounts.
 * An attacker failing from one address therefore never delays the owner signing in from
 * another. Unknown emails are keyed the same way, so delays reveal nothing. Counts restart
 * after a quiet day; a success clears the account key.
 */
export const ACCOUNT_FREE = 4;
export const ADDRESS_FREE = 30;
export const MAX_DELAY_S = 15 * 60;

export type TThrottleKeys = { account: string; address: string };

export const emailKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("hex");

export const throttleKeys = (email: string, address: string): TThrottleKeys => ({
  account: `acct:${emailKey(email)}:${address}`,
  address: `addr:${address}`,
});

/** Seconds of delay after `failures` failures, given the free allowance. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(MAX_DELAY_S, 2 ** Math.min(failures - free - 1, 20));
}

/** Seconds until either key allows a try (0: go ahead). */
export async function secondsToWait(keys: TThrottleKeys, now = new Date()): Promise<number> {
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: [keys.account, keys.address] }, blockedUntil: { gt: now } },
    select: { blockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/**
 * Counts one failure on both keys (one atomic upsert each, so parallel failures all count)
 * and returns the longer delay it set and the failures counted on the account key.
 */
export async function recordFailure(keys: TThrottleKeys): Promise<{ delaySeconds: number; failures: number }> {
  const bump = async (key: string, free: number) => {
    const [row] = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO login_throttle (key, failures, updated_at) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.updated_at < now() - interval '1 day' THEN 1 ELSE login_throttle.failures + 1 END,
        updated_at = now()
      RETURNING failures`;
    const failures = row?.failures ?? 1;
    const delay = delayAfter(failures, free);
    if (delay > 0) {
      await db.$executeRaw`
        UPDATE login_throttle SET blocked_until = GREATEST(COALESCE(blocked_until, now()), now() + make_interval(secs => ${delay}))
        WHERE key = ${key}`;
    }
    return { delaySeconds: delay, failures };
  };
  const [account, address] = await Promise.all([bump(keys.account, ACCOUNT_FREE), bump(keys.address, ADDRESS_FREE)]);
  return { delaySeconds: Math.max(account.delaySeconds, address.delaySeconds), failures: account.failures };
}

/** A successful sign-in clears the account key (the address key keeps counting). */
export async function clearAccountKey(keys: TThrottleKeys): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: keys.account } });
}

/** Clears every delay of an account, from every address (an owner's "unlock"). Returns the rows removed. */
export async function clearAccount(email: string): Promise<number> {
  const { count } = await db.loginThrottle.deleteMany({ where: { key: { startsWith: `acct:${emailKey(email)}:` } } });
  return count;
}

/** Removes rows quiet for more than a day (nothing delays anyone after that). */
export async function pruneThrottle(): Promise<number> {
  const { count } = await db.loginThrottle.deleteMany({ where: { updatedAt: { lt: new Date(Date.now() - 86_400_000) } } });
  return count;
}
