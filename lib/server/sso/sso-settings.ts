import "server-only";
import type { TSsoSettings } from "@/lib/schemas/sso";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { open, seal } from "@/lib/server/auth/secret-box";
import { db, type TTx } from "@/lib/server/db";
import { invalidInput, notFound } from "@/lib/server/errors";
import { issuerProblem } from "./issuer-url";
import { discoverProvider, DiscoveryError } from "./oidc-config";

/** The path identity providers redirect back to; register `<origin>` + this at the IdP. */
export const SSO_CALLBACK_PATH = "/api/auth/sso/callback";

/** The redirect URI to register at the identity provider. */
export const ssoRedirectUri = (origin: string): string => `${origin}${SSO_CALLBACK_PATH}`;

/** The settings as shown to the owner: the client secret only as "set". */
export type TSsoSettingsView = {
  issuer: string;
  clientId: string;
  clientSecret: "set";
  defaultRole: TSsoSettings["defaultRole"];
  allowPassword: boolean;
  enabled: boolean;
  linkedAccounts: number;
  updatedAt: string;
};

async function view(orgId: string): Promise<TSsoSettingsView | null> {
  const row = await db.ssoConfig.findUnique({ where: { orgId } });
  if (!row) return null;
  const linkedAccounts = await db.ssoIdentity.count({ where: { orgId, issuer: row.issuer } });
  return {
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: "set",
    defaultRole: row.defaultRole === "owner" ? "viewer" : row.defaultRole,
    allowPassword: row.allowPassword,
    enabled: row.enabled,
    linkedAccounts,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The organisation's single sign-on settings (owner only), or null when none. */
export async function getSsoSettings(options: { actor: TActor }): Promise<TSsoSettingsView | null> {
  const actor = assertRole(options.actor, "owner");
  return view(actor.orgId);
}

/** Ends every session made through the organisation's SSO (settings deleted, disabled, other IdP). */
const endSsoSessions = (tx: TTx, orgId: string) =>
  tx.userSession.updateMany({ where: { ssoOrgId: orgId, revokedAt: null }, data: { revokedAt: new Date() } });

/** Checks the issuer's form, then that it answers OpenID Connect discovery (400 naming the field). */
async function checkProvider(input: TSsoSettings, clientSecret: string): Promise<void> {
  const problem = issuerProblem(input.issuer);
  if (problem) throw invalidInput(problem, [{ field: "issuer", message: problem }]);
  try {
    await discoverProvider({ issuer: input.issuer, clientId: input.clientId, clientSecret }, { fresh: true });
  } catch (error) {
    if (!(error instanceof DiscoveryError)) throw error;
    const message = `The issuer did not answer OpenID Connect discovery at ${input.issuer.replace(/\/$/, "")}/.well-known/openid-configuration: ${error.reason}.`;
    throw invalidInput(message, [{ field: "issuer", message }]);
  }
}

/**
 * Creates or replaces the organisation's OpenID Connect settings (owner only) after running
 * discovery against the issuer. Leaving the client secret out keeps the stored one. A new
 * issuer unlinks the accounts linked to the old one; a new issuer or turning SSO off ends
 * the sessions made through it. Audited as sso.configure (never with the secret).
 */
export async function saveSsoSettings(options: { actor: TActor; input: TSsoSettings }): Promise<TSsoSettingsView> {
  const actor = assertRole(options.actor, "owner");
  const { input } = options;
  const current = await db.ssoConfig.findUnique({ where: { orgId: actor.orgId } });
  const clientSecret = input.clientSecret ?? (current ? open(current.clientSecret) : undefined);
  if (!clientSecret) throw invalidInput("Enter the client secret", [{ field: "clientSecret", message: "Enter the client secret" }]);
  await checkProvider(input, clientSecret);
  const data = {
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecret: seal(clientSecret),
    defaultRole: input.defaultRole,
    allowPassword: input.allowPassword,
    enabled: input.enabled,
  };
  await db.$transaction(async (tx) => {
    await tx.ssoConfig.upsert({ where: { orgId: actor.orgId }, create: { orgId: actor.orgId, ...data }, update: data });
    const isNewIssuer = current !== null && current.issuer !== input.issuer;
    const unlinked = isNewIssuer
      ? (await tx.ssoIdentity.deleteMany({ where: { orgId: actor.orgId, issuer: { not: input.issuer } } })).count
      : 0;
    const ended = isNewIssuer || !input.enabled ? (await endSsoSessions(tx, actor.orgId)).count : 0;
    const { clientSecret: _secret, ...after } = data;
    await recordAudit(tx, {
      actor,
      action: "sso.configure",
      entity: "sso",
      entityId: actor.orgId,
      summary: `${current ? "Changed" : "Set up"} single sign-on with ${input.issuer} (${input.enabled ? "on" : "off"}, password sign-in ${input.allowPassword ? "allowed" : "owners only"}, new members ${input.defaultRole})${unlinked ? `; ${unlinked} linked account(s) of the previous issuer unlinked` : ""}`,
      before: current
        ? {
            issuer: current.issuer,
            clientId: current.clientId,
            defaultRole: current.defaultRole,
            allowPassword: current.allowPassword,
            enabled: current.enabled,
          }
        : undefined,
      after: { ...after, clientSecretChanged: input.clientSecret !== undefined, unlinked, sessionsEnded: ended },
    });
  });
  return (await view(actor.orgId)) as TSsoSettingsView;
}

/**
 * Removes the organisation's SSO settings (owner only; 404 when none) and ends the sessions
 * made through it. Linked accounts stay linked, so setting up the same issuer again lets
 * them back in. Audited as sso.delete.
 */
export async function deleteSsoSettings(options: { actor: TActor }): Promise<void> {
  const actor = assertRole(options.actor, "owner");
  await db.$transaction(async (tx) => {
    const current = await tx.ssoConfig.findUnique({ where: { orgId: actor.orgId } });
    if (!current) throw notFound("Single sign-on settings");
    await tx.ssoConfig.delete({ where: { orgId: actor.orgId } });
    const ended = (await endSsoSessions(tx, actor.orgId)).count;
    await recordAudit(tx, {
      actor,
      action: "sso.delete",
      entity: "sso",
      entityId: actor.orgId,
      summary: `Removed single sign-on with ${current.issuer}${ended ? ` (${ended} SSO session(s) ended)` : ""}`,
      before: { issuer: current.issuer, clientId: current.clientId },
      after: { sessionsEnded: ended },
    });
  });
}
