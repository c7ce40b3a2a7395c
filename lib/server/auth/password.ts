import "server-only";
import { hash, verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";
import pLimit from "p-limit";
import { AppError } from "@/lib/server/errors";

/**
 * Password hashing: argon2id (@node-rs/argon2, native, on libuv's thread pool, so never on
 * the main thread) with its default cost (19 MiB, 2 passes, 1 lane: OWASP's minimum). At
 * most CONCURRENCY checks run at once and QUEUE wait; beyond, the caller is told to retry,
 * so a flood of sign-ins costs bounded CPU and memory and the app keeps answering.
 * Hashes from the first wave are bcrypt; they still verify and `needsRehash` says so.
 */
const CONCURRENCY = 2;
const QUEUE = 64;
const limit = pLimit(CONCURRENCY);

function run<T>(fn: () => Promise<T>): Promise<T> {
  if (limit.pendingCount >= QUEUE) {
    return Promise.reject(new AppError("unavailable", "The server is busy checking other sign-ins: try again in a few seconds."));
  }
  return limit(fn);
}

export const hashPassword = (password: string): Promise<string> => run(() => hash(password));

/** True when `password` matches `stored` (argon2id, or a legacy bcrypt hash). */
export const verifyPassword = (password: string, stored: string): Promise<boolean> =>
  run(() => (isBcrypt(stored) ? bcrypt.compare(password, stored) : verify(stored, password).catch(() => false)));

/** True for hashes that should be replaced by an argon2id hash at the next successful sign-in. */
export const needsRehash = (stored: string): boolean => isBcrypt(stored);

const isBcrypt = (stored: string) => /^\$2[aby]\$/.test(stored);

/**
 * A valid argon2id hash of a random secret: unknown emails are checked against it, so they
 * cost the same time as known ones.
 */
let dummy: Promise<string> | undefined;
export const dummyHash = (): Promise<string> => (dummy ??= hash(`no-such-user-${Math.random()}`));
