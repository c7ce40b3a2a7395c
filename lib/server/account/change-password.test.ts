import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
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
    await changePassword({ actor, currentPassword: "old-password-1", newPassword: "new-password-1" });
    const after = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
    expect(await verifyPassword("new-password-1", after.passwordHash)).toBe(true);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
  });
});
