import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { TActor } from "@/lib/server/auth/actor";
import { assertRole } from "@/lib/server/auth/get-actor";
import { hashPassword } from "@/lib/server/auth/password";
import { db } from "@/lib/server/db";
import { AppError, invalidInput } from "@/lib/server/errors";
import { hasRole, type TRole } from "@/lib/roles";
import { MIN_PASSWORD_LENGTH, type TMemberAdd } from "@/lib/schemas/member";
import { toMember, type TMember } from "./list-members";

/** Only owners may make owners; admins grant up to admin. */
export function assertMayGrant(actor: TActor, role: TRole): void {
  if (role === "owner" && !hasRole(actor.role, "owner")) {
    throw new AppError("forbidden", `Only an owner can make someone an owner; you are ${actor.role}.`);
  }
}

/**
 * Adds a member to the actor's organisation (admin+): an existing user found by email, or a
 * new user created with the given initial password. An existing user's password and name are
 * left as they are. 409 when the user is already a member.
 */
export async function addMember(options: { actor: TActor; input: TMemberAdd }): Promise<TMember & { isNewUser: boolean }> {
  const actor = assertRole(options.actor, "admin");
  const { email, role, name, password } = options.input;
  assertMayGrant(actor, role);
  const existing = await db.user.findUnique({ where: { email } });
  let passwordHash = "";
  if (!existing) {
    if (!password) {
      throw invalidInput(
        `No user has the email ${email}: give an initial password (at least ${MIN_PASSWORD_LENGTH} characters) to create one`,
        [{ field: "password", message: `A new user needs an initial password of at least ${MIN_PASSWORD_LENGTH} characters` }],
      );
    }
    // Hashed before the transaction: bcrypt is slow and must not run while holding locks.
    passwordHash = await hashPassword(password);
  }
  return db
    .$transaction(async (tx) => {
      const user = existing ?? (await tx.user.create({ data: { email, name: name ?? "", passwordHash } }));
      const already = await tx.membership.findUnique({ where: { orgId_userId: { orgId: actor.orgId, userId: user.id } } });
      if (already) throw alreadyMember(email, already.role);
      const row = await tx.membership.create({
        data: { orgId: actor.orgId, userId: user.id, role },
        include: { user: { select: { email: true, name: true } } },
      });
      await recordAudit(tx, {
        actor,
        action: "member.add",
        entity: "member",
        entityId: user.id,
        summary: `Added ${email} as ${role}${existing ? "" : " (new user)"}`,
        after: { email, role, isNewUser: !existing },
      });
      return { ...toMember(row), isNewUser: !existing };
    })
    .catch((error: unknown) => {
      // A concurrent add of the same email or membership: same answer as the check above.
      if (error instanceof Error && (error as { code?: string }).code === "P2002") throw alreadyMember(email);
      throw error;
    });
}

function alreadyMember(email: string, role?: TRole): AppError {
  const message = `${email} is already a member of this organisation${role ? ` (${role})` : ""}`;
  return new AppError("conflict", message, { fields: [{ field: "email", message }] });
}
