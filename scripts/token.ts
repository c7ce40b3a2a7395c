/**
 * `npm run token -- --email <user> [--org <slug>] [--role <role>] [--scopes <list>] [--expires-in-days <n|never>] [--name <label>]`
 *
 * Prints a new API token for a user as the LAST line of stdout (everything else goes to
 * stderr). Without --org the user must exist and belong to exactly one organisation. With
 * --org the organisation, the user (random password, not printed: an owner can set one
 * later) and the membership (with --role) are created when missing: operator bootstrap
 * without a web login. The token's scopes default to those of --role, else of the member's
 * role, and may not exceed the member's role; it expires in 90 days unless told otherwise.
 *
 * Exit codes: 0 ok, 1 a refused request or a database error, 2 bad arguments.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { ROLES, hasRole, type TRole } from "@/lib/roles";
import { SCOPES, scopesForRole, sortScopes, type TScope } from "@/lib/scopes";
import { runMigrations } from "@/lib/server/db/migrate";

const USAGE = `usage: npm run token -- --email <user> [--org <slug>] [--role <role>] [--scopes <list>] [--expires-in-days <n|never>] [--name <label>]
  --email            the user the token acts as
  --org              organisation slug; created with the user and membership when missing
  --role             ${ROLES.join(" | ")}: the role of a new membership; the token gets the scopes
                     of that role (default: the member's role; never above it)
  --scopes           comma list of ${SCOPES.join(", ")} (default: the scopes of the role)
  --expires-in-days  1 to 3650, or never (default 90)
  --name             label shown in the API tokens page (default "cli", at most 60 characters)
The new token is printed as the last line.`;

const SLUG = /^[a-z0-9-]{2,40}$/;
const EMBEDDED_URL = "postgresql://postgres:postgres@127.0.0.1:54329/pba";

type TArgs = { email: string; org?: string; role?: TRole; scopes?: TScope[]; expiresInDays: number | null; name: string };

/** Bad command line: exit 2 with the usage. */
class UsageError extends Error {}
/** A refused request (unknown user, ambiguous organisation, role too high): exit 1. */
class CliError extends Error {}

const info = (line: string) => process.stderr.write(`[token] ${line}\n`);

function parse(argv: string[]): TArgs | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        email: { type: "string" },
        org: { type: "string" },
        role: { type: "string" },
        scopes: { type: "string" },
        "expires-in-days": { type: "string" },
        name: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  const email = values.email?.trim().toLowerCase();
  if (!email) throw new UsageError("--email is required");
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError(`--email ${JSON.stringify(email)} is not an email address`);
  if (values.org !== undefined && !SLUG.test(values.org)) {
    throw new UsageError(`--org ${JSON.stringify(values.org)}: a slug is 2 to 40 lowercase letters, digits or hyphens`);
  }
  const role = values.role;
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`--role ${JSON.stringify(role)}: use one of ${ROLES.join(", ")}`);
  }
  const scopes = values.scopes?.split(",").map((s) => s.trim());
  if (scopes && (scopes.length === 0 || scopes.some((s) => !(SCOPES as readonly string[]).includes(s)))) {
    throw new UsageError(`--scopes ${JSON.stringify(values.scopes)}: a comma list of ${SCOPES.join(", ")}`);
  }
  const expiry = values["expires-in-days"] ?? "90";
  if (expiry !== "never" && (!/^\d{1,4}$/.test(expiry) || Number(expiry) < 1 || Number(expiry) > 3650)) {
    throw new UsageError(`--expires-in-days ${JSON.stringify(expiry)}: a whole number from 1 to 3650, or never`);
  }
  const name = (values.name ?? "cli").trim();
  if (name.length < 1 || name.length > 60) throw new UsageError(`--name must be 1 to 60 characters (got ${name.length})`);
  return {
    email,
    org: values.org,
    role: role as TRole | undefined,
    scopes: scopes ? sortScopes(scopes as TScope[]) : undefined,
    expiresInDays: expiry === "never" ? null : Number(expiry),
    name,
  };
}

async function run(args: TArgs, databaseUrl: string): Promise<string> {
  const applied = await runMigrations(databaseUrl);
  if (applied.length) info(`Applied migrations: ${applied.join(", ")}`);
  // Imported only now: the Prisma client reads DATABASE_URL when its module loads.
  const { db } = await import("@/lib/server/db");
  const { issueApiToken } = await import("@/lib/server/auth/api-tokens");
  const { hashPassword } = await import("@/lib/server/auth/password");
  const { recordAudit } = await import("@/lib/server/audit/record-audit");
  try {
    const membership = args.org
      ? await ensureMembership(db, hashPassword, { ...args, org: args.org })
      : await onlyMembership(db, args.email);
    const role = args.role ?? membership.role;
    if (!hasRole(membership.role, role)) {
      throw new CliError(`${args.email} is ${membership.role} in ${membership.org.slug}; a token may not have the higher role ${role}`);
    }
    const scopes = args.scopes ?? scopesForRole(role);
    const beyond = scopes.filter((s) => !scopesForRole(membership.role).includes(s));
    if (beyond.length) {
      throw new CliError(
        `${args.email} is ${membership.role} in ${membership.org.slug}; a token may not have the ${beyond.join(", ")} scope`,
      );
    }
    const expiresAt = args.expiresInDays === null ? null : new Date(Date.now() + args.expiresInDays * 86_400_000);
    const { id, token } = await issueApiToken({ orgId: membership.orgId, userId: membership.userId, name: args.name, scopes, expiresAt });
    await recordAudit(db, {
      actor: {
        userId: membership.userId,
        email: args.email,
        orgId: membership.orgId,
        orgSlug: membership.org.slug,
        orgName: membership.org.name,
        role: membership.role,
        via: "session",
      },
      action: "token.create",
      entity: "api_token",
      entityId: id,
      summary: `Created API token "${args.name}" (${token.slice(0, 10)}…, ${scopes.join(", ")}) with npm run token`,
      after: {
        name: args.name,
        prefix: token.slice(0, 10),
        scopes,
        expiresAt: expiresAt?.toISOString() ?? null,
        phonebooks: [],
        phonebookIds: [],
        via: "cli",
      },
    });
    const expires = expiresAt ? `expires ${expiresAt.toISOString().slice(0, 10)}` : "never expires";
    info(
      `Token "${args.name}" for ${args.email} in organisation ${membership.org.slug}, scopes ${scopes.join(", ")}, ${expires}. It is shown once:`,
    );
    return token;
  } finally {
    await db.$disconnect();
  }
}

type TDb = (typeof import("@/lib/server/db"))["db"];

async function onlyMembership(db: TDb, email: string) {
  const user = await db.user.findUnique({ where: { email }, include: { memberships: { include: { org: true } } } });
  if (!user) throw new CliError(`No user ${email}. To create one, pass --org <slug> and --role <role>.`);
  const [only, ...more] = user.memberships;
  if (!only) throw new CliError(`${email} is not a member of any organisation; pass --org <slug> --role <role>.`);
  if (more.length > 0) {
    const orgs = user.memberships.map((m) => `${m.org.slug} (${m.role})`).join(", ");
    throw new CliError(`${email} belongs to ${user.memberships.length} organisations: ${orgs}. Choose one with --org <slug>.`);
  }
  return only;
}

async function ensureMembership(db: TDb, hashPassword: (p: string) => Promise<string>, args: TArgs & { org: string }) {
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  return db.$transaction(async (tx) => {
    let org = await tx.organization.findUnique({ where: { slug: args.org } });
    if (!org) {
      org = await tx.organization.create({ data: { slug: args.org, name: args.org } });
      info(`Created organisation ${args.org}`);
    }
    let user = await tx.user.findUnique({ where: { email: args.email } });
    if (!user) {
      user = await tx.user.create({ data: { email: args.email, passwordHash } });
      info(
        `Created user ${args.email} (random password, not shown: they set their own with "Forgot your password?" when SMTP is configured)`,
      );
    }
    const existing = await tx.membership.findUnique({
      where: { orgId_userId: { orgId: org.id, userId: user.id } },
      include: { org: true },
    });
    if (existing) return existing;
    if (!args.role) throw new CliError(`${args.email} is not a member of ${args.org}; pass --role <role> to add them`);
    const created = await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: args.role }, include: { org: true } });
    info(`Added ${args.email} to ${args.org} as ${args.role}`);
    return created;
  });
}

async function main(): Promise<number> {
  let args;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const databaseUrl = env().DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write(
      `error: DATABASE_URL is not set. Set it to the app's database, e.g.\n` +
        `  DATABASE_URL=${EMBEDDED_URL} npm run token -- ...\n` +
        `(that is the embedded database of \`npm run dev\`, reachable while it runs).\n`,
    );
    return 1;
  }
  try {
    process.stdout.write(`${await run(args, databaseUrl)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
