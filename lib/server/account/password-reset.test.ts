import { describe, expect, it } from "vitest";
import { verifyLogin } from "@/lib/server/auth/login";
import { recordFailure, throttleKeys } from "@/lib/server/auth/login-throttle";
import { hashPassword } from "@/lib/server/auth/password";
import { db } from "@/lib/server/db";
import { unlockMember } from "@/lib/server/members/unlock-member";
import { makeOrg, uniq } from "@/lib/test/fixtures";
import { startSmtp } from "@/lib/test/smtp";
import { requestPasswordReset, resetPassword, sendMemberReset } from "./password-reset";

const linkIn = (mail: string | undefined) => /\/reset-password\/(pbr_[A-Za-z0-9_-]{43})/.exec(mail ?? "")?.[1] ?? "";

describe("password reset and unlock", () => {
  it("without SMTP, says reset by email is not set up", async () => {
    await expect(requestPasswordReset({ email: "x@test.example", origin: "http://h" })).rejects.toMatchObject({ code: "unavailable" });
    const { actors } = await makeOrg(["owner", "viewer"]);
    await expect(sendMemberReset({ actor: actors.owner, userId: actors.viewer.userId, origin: "http://h" })).rejects.toMatchObject({
      code: "unavailable",
    });
  });

  it("emails a single-use link that sets the password, ends every session and clears delays; unknown emails get the same answer", async () => {
    const smtp = await startSmtp();
    try {
      const { actors, org } = await makeOrg(["owner", "viewer"]);
      const member = actors.viewer;
      await db.user.update({ where: { id: member.userId }, data: { passwordHash: await hashPassword("forgotten-password-1") } });
      const before = await db.user.findUniqueOrThrow({ where: { id: member.userId } });
      await expect(requestPasswordReset({ email: `nobody-${uniq()}@test.example`, origin: "http://app" })).resolves.toBeUndefined();
      expect(smtp.messages).toHaveLength(0);
      await requestPasswordReset({ email: member.email, origin: "http://app" });
      const token = linkIn(smtp.messages[0]);
      expect(smtp.messages[0]).toContain(`http://app/reset-password/${token}`);

      const keys = throttleKeys(member.email, "203.0.113.50");
      for (let i = 0; i < 6; i++) await recordFailure(keys);
      await expect(resetPassword({ token, password: "1234567890" })).rejects.toMatchObject({ code: "invalid_input" });
      expect(await resetPassword({ token, password: "brand-new-secret-9" })).toEqual({ email: member.email });
      const after = await db.user.findUniqueOrThrow({ where: { id: member.userId } });
      expect(after.sessionVersion).toBe(before.sessionVersion + 1);
      expect(await verifyLogin(member.email, "brand-new-secret-9", "203.0.113.50")).toMatchObject({ ok: true });
      await expect(resetPassword({ token, password: "another-secret-99" })).rejects.toMatchObject({ code: "not_found" });
      expect(await db.auditEvent.count({ where: { orgId: org.id, action: "user.reset" } })).toBe(1);

      // An owner sends the link; the owner's answer carries no link.
      const sent = await sendMemberReset({ actor: actors.owner, userId: member.userId, origin: "http://app" });
      expect(JSON.stringify(sent)).not.toContain("pbr_");
      expect(linkIn(smtp.messages[1])).toMatch(/^pbr_/);
      const other = await makeOrg(["viewer"]);
      await expect(
        sendMemberReset({ actor: actors.owner, userId: other.actors.viewer.userId, origin: "http://app" }),
      ).rejects.toMatchObject({
        code: "not_found",
      });
    } finally {
      await smtp.stop();
    }
  });

  it("lets an owner, and only an owner of the member's organisation, clear a member's delays", async () => {
    const { actors, org } = await makeOrg(["owner", "admin", "viewer"]);
    const member = actors.viewer;
    await db.user.update({ where: { id: member.userId }, data: { passwordHash: await hashPassword("member-password-1") } });
    for (const from of ["192.0.2.1", "192.0.2.2"]) for (let i = 0; i < 6; i++) await recordFailure(throttleKeys(member.email, from));
    expect(await verifyLogin(member.email, "member-password-1", "192.0.2.1")).toMatchObject({ ok: false });
    await expect(unlockMember({ actor: actors.admin, userId: member.userId })).rejects.toMatchObject({ code: "forbidden" });
    const other = await makeOrg(["owner"]);
    await expect(unlockMember({ actor: other.actors.owner, userId: member.userId })).rejects.toMatchObject({ code: "not_found" });
    expect(await unlockMember({ actor: actors.owner, userId: member.userId })).toEqual({ email: member.email, cleared: 2 });
    expect(await verifyLogin(member.email, "member-password-1", "192.0.2.1")).toMatchObject({ ok: true });
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "member.unlock" } })).toBe(1);
  });
});
