import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeOrg } from "@/lib/test/fixtures";
import { describeOrganization, renameOrganization } from "./organization-settings";

describe("organisation settings", () => {
  it("lets only owners rename, keeps the slug, and lists the user's organisations", async () => {
    const { actors, org } = await makeOrg(["owner", "admin"]);
    await expect(renameOrganization({ actor: actors.admin, name: "Nope" })).rejects.toMatchObject({ code: "forbidden" });
    await renameOrganization({ actor: actors.owner, name: "Acme Dial-up" });
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(row).toMatchObject({ name: "Acme Dial-up", slug: org.slug });
    const other = await makeOrg(["viewer"]);
    await db.membership.create({ data: { orgId: other.org.id, userId: actors.owner.userId, role: "viewer" } });
    const described = await describeOrganization(actors.owner);
    expect(described).toMatchObject({ name: "Acme Dial-up", slug: org.slug, members: 2 });
    expect(described.mine.map((m) => [m.slug, m.role, m.isCurrent]).sort()).toEqual(
      [
        [org.slug, "owner", true],
        [other.org.slug, "viewer", false],
      ].sort(),
    );
    const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "organization.update" } });
    expect(audit.after).toEqual({ name: "Acme Dial-up" });
  });
});
