import { randomBytes } from "node:crypto";
import { db } from "@/lib/server/db";
import type { TActor } from "@/lib/server/auth/actor";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { createPop } from "@/lib/server/pops/create-pop";
import type { TRole } from "@/lib/roles";

/** A unique suffix so tests can run in parallel without name clashes. */
export const uniq = (): string => randomBytes(4).toString("hex");

/** A phone book name (letters + digits, 8 chars) unique to this test. */
export const pbName = (): string => `T${randomBytes(3).toString("hex").toUpperCase()}`.slice(0, 8);

/** Creates an organisation with one user per requested role and returns their actors and tokens. */
export async function makeOrg(roles: TRole[] = ["owner", "admin", "editor", "viewer"]) {
  const slug = `org-${uniq()}`;
  const org = await db.organization.create({ data: { slug, name: `Org ${slug}` } });
  const actors = {} as Record<TRole, TActor & { token: string }>;
  for (const role of roles) {
    const user = await db.user.create({ data: { email: `${role}-${uniq()}@test.example`, passwordHash: "x" } });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role } });
    const { token } = await issueApiToken({ orgId: org.id, userId: user.id, name: "test", role });
    actors[role] = { userId: user.id, email: user.email, orgId: org.id, orgSlug: slug, orgName: org.name, role, via: "token", token };
  }
  return { org, actors };
}

/** Adds POP `popIndex` (City<n>, 425, 555<n>, in service) through the domain function; `extra` overrides fields. */
export async function addPop(actor: TActor, phonebookName: string, popIndex: number, extra: Record<string, unknown> = {}) {
  return createPop({
    actor,
    phonebookName,
    input: {
      popIndex,
      countryCode: 1,
      name: `City${popIndex}`,
      areaCode: "425",
      accessNumber: `555${popIndex}`,
      minSpeed: null,
      maxSpeed: null,
      flags: 0,
      dialupEntry: "",
      inService: true,
      comment: "",
      ...extra,
    },
  });
}
