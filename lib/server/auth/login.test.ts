import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeOrg } from "@/lib/test/fixtures";
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS, verifyLogin } from "./login";
import { hashPassword } from "./password";

describe("sign-in lockout", () => {
  it("locks the account even when wrong guesses arrive all at once, and then refuses the right password", async () => {
    const { actors } = await makeOrg(["viewer"]);
    const { email, userId } = actors.viewer;
    await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword("right-password-1") } });
    const results = await Promise.all(Array.from({ length: 30 }, () => verifyLogin(email, "wrong")));
    expect(results.filter((r) => !r.ok && r.reason === "locked").length).toBeGreaterThanOrEqual(30 - MAX_FAILED_LOGINS + 1);
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + (LOCKOUT_MINUTES - 1) * 60_000);
    expect(await verifyLogin(email, "right-password-1")).toMatchObject({ ok: false, reason: "locked" });

    await db.user.update({ where: { id: userId }, data: { lockedUntil: null, failedLogins: 0 } });
    expect(await verifyLogin(email, "right-password-1")).toMatchObject({ ok: true, userId });
  });
});
