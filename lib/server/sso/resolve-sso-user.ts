import "server-only";
import { randomBytes } from "node:crypto";
import type { TRole } from "@/lib/roles";
import { recordSystemAudit } from "@/lib/server/audit/record-audit";
import { hashPassword } from "@/lib/server/auth/password";
import { db, type TTx } from "@/lib/server/db";
import { SsoFailure, type TSsoClaims } from "./sso-claims";
import type { TSsoTransaction } from "./sso-transaction";

/** The account an SSO callback signs in (or links) and what it changed. */
export type TSsoUser = { userId: string; email: string; sessionVersion: number; created: boolean; linked: boolean; joined: TRole | null };

type TContext = { tx: TSsoTransaction; claims: TSsoClaims; address: string };

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

/** Audits a refused callback in the organisation whose identity provider sent it. */
async function auditRefusal(ctx: TContext, summary: string): Promise<void> {
  await recordSystemAudit(db, {
    orgIds: [ctx.tx.orgId],
    actorLabel: `${ctx.claims.email ?? ctx.claims.subject} (SSO)`,
    action: "auth.sso.refused",
    entity: "sso",
    entityId: ctx.tx.orgId,
    summary,
    after: { subject: ctx.claims.subject, email: ctx.claims.email, address: ctx.address },
  });
}

/**
 * A new account for an identity no account is linked to, when no account has its email:
 * an unusable password (the argon2id hash of 256 random bits) and the provider's name.
 * An existing account is never attached from an assertion (docs/security.md).
 */
async function createAccount(ctx: TContext): Promise<string> {
  const email = ctx.claims.email;
  if (!email) throw new SsoFailure("no_email");
  const refuse = async () => {
    await auditRefusal(
      ctx,
      `Refused single sign-on for ${email}: an account with that address exists and is not linked to this identity provider`,
    );
    return new SsoFailure("account_exists");
  };
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw await refuse();
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  try {
    return await db.$transaction(async (t) => {
      const user = await t.user.create({ data: { email, name: ctx.claims.name, passwordHash }, select: { id: true } });
      await t.ssoIdentity.create({
        data: { orgId: ctx.tx.orgId, issuer: ctx.claims.issuer, subject: ctx.claims.subject, userId: user.id },
      });
      return user.id;
    });
  } catch (error) {
    // Two first sign-ins at once: the loser of the race finds the winner's account next time.
    if (isUniqueViolation(error)) throw await refuse();
    throw error;
  }
}

/** Links the identity to the signed-in account that started the flow (never to another one). */
async function linkAccount(ctx: TContext, session: { userId: string; sessionId: string } | null, linkedTo: string | undefined) {
  const link = ctx.tx.link;
  if (!link || session?.userId !== link.userId || session.sessionId !== link.sessionId) throw new SsoFailure("link_session");
  if (linkedTo && linkedTo !== link.userId) {
    await auditRefusal(ctx, `Refused to link ${ctx.claims.subject}: that identity is linked to another account`);
    throw new SsoFailure("already_linked");
  }
  if (linkedTo) return false;
  try {
    await db.ssoIdentity.create({
      data: { orgId: ctx.tx.orgId, issuer: ctx.claims.issuer, subject: ctx.claims.subject, userId: link.userId },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new SsoFailure("already_linked");
    throw error;
  }
  return true;
}

/** Just-in-time membership at the organisation's default role; audited as sso.join. */
async function joinIfNeeded(t: TTx, ctx: TContext, user: { id: string; email: string }): Promise<TRole | null> {
  const member = await t.membership.findUnique({ where: { orgId_userId: { orgId: ctx.tx.orgId, userId: user.id } } });
  if (member) return null;
  const config = await t.ssoConfig.findUniqueOrThrow({ where: { orgId: ctx.tx.orgId } });
  const role = config.defaultRole === "owner" ? "viewer" : config.defaultRole;
  await t.membership.create({ data: { orgId: ctx.tx.orgId, userId: user.id, role } });
  await t.auditEvent.create({
    data: {
      orgId: ctx.tx.orgId,
      actorId: user.id,
      actorLabel: `${user.email} (SSO)`,
      action: "sso.join",
      entity: "member",
      entityId: user.id,
      summary: `${user.email} joined through single sign-on as ${role}`,
      after: { role, subject: ctx.claims.subject },
    },
  });
  return role;
}

/**
 * The account an SSO callback is for: the one linked to the identity; else, for a flow
 * started while signed in, the signed-in account (linked now); else a new account when no
 * account has the email. Refuses (SsoFailure "account_exists") when an unlinked account
 * has it. Signing in (not a link-only flow) also adds the account to the organisation.
 */
export async function resolveSsoUser(ctx: TContext & { session: { userId: string; sessionId: string } | null }): Promise<TSsoUser> {
  const { tx, claims } = ctx;
  const identity = await db.ssoIdentity.findUnique({ where: { orgId_subject: { orgId: tx.orgId, subject: claims.subject } } });
  // An identity of a previous issuer (settings changed since) is nobody's proof here.
  const linkedTo = identity ? (identity.issuer === claims.issuer ? identity.userId : "(previous issuer)") : undefined;
  let created = false;
  let linked = false;
  let userId: string;
  if (tx.link) {
    linked = await linkAccount(ctx, ctx.session, linkedTo);
    userId = tx.link.userId;
  } else if (identity) {
    if (identity.issuer !== claims.issuer) throw new SsoFailure("already_linked");
    userId = identity.userId;
  } else {
    userId = await createAccount(ctx);
    created = true;
  }
  return db.$transaction(async (t) => {
    const user = await t.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, sessionVersion: true } });
    await t.ssoIdentity.update({
      where: { orgId_subject: { orgId: tx.orgId, subject: claims.subject } },
      data: { lastUsedAt: new Date() },
    });
    const joined = tx.link && !tx.link.thenSignIn ? null : await joinIfNeeded(t, ctx, user);
    return { userId, email: user.email, sessionVersion: user.sessionVersion, created, linked, joined };
  });
}
