import "server-only";
import { AppError, invalidInput } from "@/lib/server/errors";
import type { TActor } from "./actor";
import { getSessionUser } from "./get-actor";
import { hasRecentSecondFactor, markSecondFactor, RECENT_SECOND_FACTOR_MINUTES } from "./sessions";
import { verifySecondFactor } from "./two-factor";

/**
 * For actions that mint long-lived credentials (API tokens): a browser session must have
 * passed a second factor within RECENT_SECOND_FACTOR_MINUTES, or pass one now with `code`.
 * Users without 2FA are asked to turn it on first. API-token callers are not affected.
 */
export async function assertRecentSecondFactor(actor: TActor, code?: string): Promise<void> {
  if (actor.via !== "session") return;
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in again.");
  if (!user.hasTwoFactor) {
    throw new AppError("forbidden", "Creating an API token needs two-factor authentication: turn it on on your Account page first.");
  }
  if (await hasRecentSecondFactor(user.sessionId)) return;
  if (code && (await verifySecondFactor(user.userId, code))) {
    await markSecondFactor(user.sessionId);
    return;
  }
  const message = code
    ? "That code is not right: enter the current code of your authenticator app, or a recovery code"
    : `Confirm with your two-factor code (needed within ${RECENT_SECOND_FACTOR_MINUTES} minutes before creating a token)`;
  throw invalidInput(message, [{ field: "code", message }]);
}
