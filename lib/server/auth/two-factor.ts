import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { recordSystemAudit } from "@/lib/server/audit/record-audit";
import { db } from "@/lib/server/db";
import { AppError, invalidInput } from "@/lib/server/errors";
import { open, seal } from "./secret-box";

/**
 * Two-factor authentication with TOTP (otplib; 6 digits, 30 s, ±1 step) and 10 single-use
 * recovery codes. A code's time step is remembered, so one code never works twice.
 */
export const RECOVERY_CODES = 10;
const ISSUER = "PBA Cloud";

const hashCode = (code: string) => createHash("sha256").update(normaliseRecovery(code)).digest("hex");
const normaliseRecovery = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, "");

/** `abcde-12345`: 50 bits from an alphabet without look-alikes. */
function newRecoveryCode(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

async function auditAll(userId: string, email: string, action: string, summary: string): Promise<void> {
  const memberships = await db.membership.findMany({ where: { userId }, select: { orgId: true } });
  await recordSystemAudit(db, {
    orgIds: memberships.map((m) => m.orgId),
    actorLabel: email,
    action,
    entity: "user",
    entityId: userId,
    summary,
  });
}

/** Starts an enrolment: a new secret (kept pending until confirmed), its otpauth URI and a QR code. */
export async function startTwoFactor(userId: string): Promise<{ secret: string; uri: string; qrDataUrl: string }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
  if (user.totpEnabledAt)
    throw new AppError("conflict", "Two-factor authentication is already on: turn it off first to enrol a new device.");
  const secret = generateSecret();
  await db.user.update({ where: { id: userId }, data: { totpPendingSecret: seal(secret) } });
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret });
  return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
}

/** True when `code` is the current TOTP of `secret` and newer than `lastStep`; returns its step. */
async function checkTotp(secret: string, code: string, lastStep: bigint | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code.trim())) return null;
  const result = await verify({ secret, token: code.trim(), epochTolerance: 30 });
  if (!result.valid) return null;
  const step = "timeStep" in result && typeof result.timeStep === "number" ? result.timeStep : null;
  if (step === null) return null;
  return lastStep !== null && BigInt(step) <= lastStep ? null : step;
}

/** Confirms the enrolment with a first code; turns 2FA on and returns the recovery codes (shown once). */
export async function confirmTwoFactor(userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpPendingSecret) throw new AppError("conflict", "Start the set-up first: no enrolment is waiting for a code.");
  const secret = open(user.totpPendingSecret);
  const step = await checkTotp(secret, code, null);
  if (step === null)
    throw invalidInput("That code is not right", [{ field: "code", message: "Enter the 6-digit code your app shows now" }]);
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.$transaction([
    db.user.update({
      where: { id: userId },
      data: { totpSecret: seal(secret), totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: BigInt(step) },
    }),
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: recoveryCodes.map((c) => ({ userId, codeHash: hashCode(c) })) }),
  ]);
  await auditAll(userId, user.email, "2fa.enable", `${user.email} turned on two-factor authentication`);
  return { recoveryCodes };
}

/**
 * Checks a second factor for `userId`: a TOTP code (not used before) or an unused recovery
 * code (then spent). True when it passed.
 */
export async function verifySecondFactor(userId: string, code: string): Promise<boolean> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true, totpLastStep: true, email: true } });
  if (!user.totpSecret) return false;
  const step = await checkTotp(open(user.totpSecret), code, user.totpLastStep);
  if (step !== null) {
    // Conditional: two requests with the same code cannot both pass.
    const { count } = await db.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: BigInt(step) } }] },
      data: { totpLastStep: BigInt(step) },
    });
    return count === 1;
  }
  if (normaliseRecovery(code).length !== 10) return false;
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count === 1) await auditAll(userId, user.email, "2fa.recovery", `${user.email} signed in with a recovery code`);
  return count === 1;
}

/** Turns 2FA off after a valid second factor; refused when an organisation of the user requires it. */
export async function disableTwoFactor(userId: string, code: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { memberships: { include: { org: true } } } });
  const requiring = user.memberships.filter((m) => m.org.require2fa).map((m) => m.org.name);
  if (requiring.length) {
    throw new AppError(
      "conflict",
      `${requiring.join(", ")} require${requiring.length === 1 ? "s" : ""} two-factor authentication: it cannot be turned off.`,
    );
  }
  if (!(await verifySecondFactor(userId, code))) {
    throw invalidInput("That code is not right", [{ field: "code", message: "Enter a current code or an unused recovery code" }]);
  }
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null } }),
    db.recoveryCode.deleteMany({ where: { userId } }),
  ]);
  await auditAll(userId, user.email, "2fa.disable", `${user.email} turned off two-factor authentication`);
}

/** Unused recovery codes left. */
export const recoveryCodesLeft = (userId: string) => db.recoveryCode.count({ where: { userId, usedAt: null } });
