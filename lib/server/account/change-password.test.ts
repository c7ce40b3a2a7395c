import { describe, expect, it } from "vitest";
import { issueApiToken } from "@/lib/server/auth/api-tokens";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { isCommonPassword } from "@/lib/server/auth/password-policy";
import { db } from "@/lib/server/db";
import { makeOrg } from "@/lib/test/fixtures";
import { changePassword } from "./change-password";

describe("changePassword", () => {
  it("checks the current password, stores a new hash and ends every session", async () => {
    const { actors } = await makeOrg(["viewer"]);
    const actor = actors.viewer;
    await db.user.update({ where: { id: actor.userId }, data: { passwordHash: await hashPassword("old-password-1") } });
    await expect(changePassword({ actor, currentPassword: "wrong", newPassword: "new-password-1" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const before = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
    expect(await changePassword({ actor, currentPassword: "old-password-1", newPassword: "new-password-1" })).toEqual({ revokedTokens: 0 });
    const after = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
    expect(await verifyPassword("new-password-1", after.passwordHash)).toBe(true);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await db.apiToken.count({ where: { userId: actor.userId, revokedAt: null } })).toBe(1);
  });

  it("refuses a common password and, when asked, revokes the user's tokens in every organisation", async () => {
    const { actors } = await makeOrg(["editor"]);
    const actor = actors.editor;
    const other = await makeOrg(["owner"]);
    await db.membership.create({ data: { orgId: other.org.id, userId: actor.userId, role: "viewer" } });
    await issueApiToken({ orgId: other.org.id, userId: actor.userId, name: "elsewhere", role: "viewer" });
    await db.user.update({ where: { id: actor.userId }, data: { passwordHash: await hashPassword("old-password-1") } });

    expect(isCommonPassword("Password123")).toBe(true);
    expect(isCommonPassword("qwertyuiop")).toBe(true);
    expect(isCommonPassword("lighthouse-teapot-47")).toBe(false);
    await expect(changePassword({ actor, currentPassword: "old-password-1", newPassword: "QWERTYUIOP" })).rejects.toMatchObject({
      code: "invalid_input",
      details: { fields: [{ field: "newPassword", message: expect.stringContaining("common passwords") as string }] },
    });
    const result = await changePassword({
      actor,
      currentPassword: "old-password-1",
      newPassword: "lighthouse-teapot-47",
      revokeTokens: true,
    });
    expect(result).toEqual({ revokedTokens: 2 });
    expect(await db.apiToken.count({ where: { userId: actor.userId, revokedAt: null } })).toBe(0);
  });
});
