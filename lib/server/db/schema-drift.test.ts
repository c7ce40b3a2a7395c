import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { uniq } from "@/lib/test/fixtures";

// The SQL migrations and prisma/schema.prisma are written separately (no schema engine on
// this machine): this test applies to the database built from the migrations and touches
// every model and field through the generated client, so drift in either fails here.
describe("migrations match the Prisma schema", () => {
  it("round-trips every model and field", async () => {
    const org = await db.organization.create({ data: { slug: `drift-${uniq()}`, name: "Drift" } });
    const user = await db.user.create({
      data: {
        email: `drift-${uniq()}@x.example`,
        name: "D",
        passwordHash: "h",
        sessionVersion: 3,
      },
    });
    const membership = await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "editor" } });
    const token = await db.apiToken.create({
      data: {
        orgId: org.id,
        userId: user.id,
        name: "t",
        prefix: "pba_x",
        tokenHash: `hash-${uniq()}`,
        scopes: ["read", "publish"],
        expiresAt: new Date("2027-03-01T00:00:00Z"),
        phonebookIds: ["00000000-0000-4000-8000-000000000001"],
        lastUsedAt: new Date(),
        lastUsedAddress: "203.0.113.9",
        revokedAt: null,
      },
    });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({
      scopes: ["read", "publish"],
      expiresAt: new Date("2027-03-01T00:00:00Z"),
      phonebookIds: ["00000000-0000-4000-8000-000000000001"],
      lastUsedAddress: "203.0.113.9",
    });
    // Scopes are checked in SQL too: at least one, each a known scope.
    for (const scopes of [[], ["read", "root"]]) {
      await expect(
        db.apiToken.create({ data: { orgId: org.id, userId: user.id, name: "t", prefix: "p", tokenHash: `h-${uniq()}`, scopes } }),
      ).rejects.toThrow(/api_token_scopes_check/);
    }
    const bare = await db.apiToken.create({
      data: { orgId: org.id, userId: user.id, name: "bare", prefix: "p", tokenHash: `h-${uniq()}`, scopes: ["admin"] },
    });
    expect(bare).toMatchObject({ expiresAt: null, phonebookIds: [], lastUsedAddress: null });
    await db.apiToken.delete({ where: { id: bare.id } });
    const pb = await db.phonebook.create({
      data: { orgId: org.id, name: "Drift", nameKey: `DRIFT${uniq()}`, description: "d", currentVersion: 0 },
    });
    expect(pb.deliveryPolicy).toBe("deltas");
    expect((await db.phonebook.update({ where: { id: pb.id }, data: { deliveryPolicy: "full" } })).deliveryPolicy).toBe("full");
    await expect(db.phonebook.update({ where: { id: pb.id }, data: { deliveryPolicy: "often" } })).rejects.toThrow(
      /phonebook_delivery_policy_check/,
    );
    const region = await db.region.create({ data: { phonebookId: pb.id, name: "R", nameKey: "r" } });
    const pop = await db.pop.create({
      data: {
        phonebookId: pb.id,
        popIndex: 7,
        countryCode: 44,
        regionId: region.id,
        name: "Leeds",
        areaCode: "0113",
        accessNumber: "555 1234",
        minSpeed: 9600,
        maxSpeed: 2_147_483_647,
        flags: 96,
        dialupEntry: "Dial",
        inService: false,
        comment: "c",
      },
    });
    expect(pop.searchText).toBe("7 leeds 0113 555 1234 dial c");
    await db.pendingChange.create({ data: { phonebookId: pb.id, popIndex: 7 } });
    const version = await db.version.create({
      data: { phonebookId: pb.id, number: 1, createdById: user.id, createdBy: user.email, popCount: 1, added: 1, changed: 0, removed: 0 },
    });
    await db.artifact.create({
      data: { versionId: version.id, name: "DRIFT.pbk", kind: "pbk", fromVersion: null, size: 10, sha256: "a".repeat(64), storageKey: "k" },
    });
    // Publish in steps: a building version with its lease and previous current.json, the
    // pending change it carries; one building version per phone book; known states only.
    expect(version).toMatchObject({ state: "active", leaseUntil: null, previousCurrent: null, origin: "published", sourceFiles: [] });
    // Adopted versions record their origin and uploaded files; other origins are refused.
    const adopted = await db.version.update({
      where: { id: version.id },
      data: { origin: "adopted", sourceFiles: ["LEGACY.PBK", "legacy.pbr"] },
    });
    expect(adopted).toMatchObject({ origin: "adopted", sourceFiles: ["LEGACY.PBK", "legacy.pbr"] });
    await expect(db.version.update({ where: { id: version.id }, data: { origin: "imported" } })).rejects.toThrow(/version_origin_check/);
    await db.version.update({ where: { id: version.id }, data: { origin: "published", sourceFiles: [] } });
    const lease = new Date("2026-12-02T10:00:00.123Z");
    const building = await db.version.create({
      data: {
        phonebookId: pb.id,
        number: 2,
        popCount: 1,
        state: "building",
        leaseUntil: lease,
        previousCurrent: new Uint8Array([123, 125]),
      },
    });
    await db.pendingChange.create({ data: { phonebookId: pb.id, popIndex: 8, versionId: building.id } });
    expect(await db.version.findUniqueOrThrow({ where: { id: building.id }, include: { pendingChanges: true } })).toMatchObject({
      leaseUntil: lease,
      previousCurrent: new Uint8Array([123, 125]),
      pendingChanges: [{ popIndex: 8, versionId: building.id }],
    });
    await expect(
      db.version.create({ data: { phonebookId: pb.id, number: 3, popCount: 1, state: "building", leaseUntil: lease } }),
    ).rejects.toMatchObject({
      code: "P2002",
    });
    await expect(
      db.version.create({ data: { phonebookId: pb.id, number: 3, popCount: 1, state: "done", leaseUntil: lease } }),
    ).rejects.toThrow(/version_state_check/);
    await expect(db.version.create({ data: { phonebookId: pb.id, number: 3, popCount: 1, state: "building" } })).rejects.toThrow(
      /version_building_lease_check/,
    );
    await db.version.delete({ where: { id: building.id } });
    expect(
      await db.pendingChange.findUniqueOrThrow({ where: { phonebookId_popIndex: { phonebookId: pb.id, popIndex: 8 } } }),
    ).toMatchObject({
      versionId: null,
    });
    await db.pendingChange.delete({ where: { phonebookId_popIndex: { phonebookId: pb.id, popIndex: 8 } } });
    await db.auditEvent.create({
      data: {
        orgId: org.id,
        actorId: user.id,
        actorLabel: "x",
        phonebookId: pb.id,
        action: "a",
        entity: "e",
        entityId: "1",
        summary: "s",
        before: { a: 1 },
        after: [1, 2],
      },
    });

    const expiresAt = new Date(Date.now() + 60_000);
    const invitation = await db.invitation.create({
      data: {
        orgId: org.id,
        email: "i@x.example",
        role: "admin",
        tokenHash: `t-${uniq()}`,
        createdById: user.id,
        createdBy: "x",
        expiresAt,
      },
    });
    await db.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date(), acceptedById: user.id, revokedAt: null } });
    const reset = await db.passwordReset.create({ data: { userId: user.id, tokenHash: `r-${uniq()}`, expiresAt } });
    await db.passwordReset.update({ where: { id: reset.id }, data: { usedAt: new Date() } });
    const throttle = await db.loginThrottle.create({ data: { key: `k-${uniq()}`, failures: 3, blockedUntil: expiresAt } });
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: throttle.key } })).failures).toBe(3);
    await expect(
      db.invitation.create({ data: { orgId: org.id, email: "j@x.example", role: "viewer", tokenHash: invitation.tokenHash, expiresAt } }),
    ).rejects.toMatchObject({ code: "P2002" });

    // Single sign-on: settings, a linked identity (unique per organisation and subject), an SSO session.
    await db.ssoConfig.create({
      data: {
        orgId: org.id,
        issuer: "https://idp.x.example",
        clientId: "c",
        clientSecret: "v1.s",
        defaultRole: "editor",
        allowPassword: false,
        enabled: true,
      },
    });
    await expect(db.ssoConfig.update({ where: { orgId: org.id }, data: { defaultRole: "owner" } })).rejects.toBeInstanceOf(Error);
    const identity = await db.ssoIdentity.create({
      data: { orgId: org.id, issuer: "https://idp.x.example", subject: "s-1", userId: user.id },
    });
    await db.ssoIdentity.update({ where: { id: identity.id }, data: { lastUsedAt: new Date() } });
    await expect(
      db.ssoIdentity.create({ data: { orgId: org.id, issuer: "https://other.example", subject: "s-1", userId: user.id } }),
    ).rejects.toMatchObject({ code: "P2002" });
    const ssoSession = await db.userSession.create({ data: { userId: user.id, method: "sso", ssoOrgId: org.id } });
    expect(
      await db.organization.findUniqueOrThrow({
        where: { id: org.id },
        include: { ssoConfig: true, ssoIdentities: true, ssoSessions: true },
      }),
    ).toMatchObject({
      ssoConfig: { defaultRole: "editor", allowPassword: false, enabled: true },
      ssoIdentities: [{ subject: "s-1", userId: user.id }],
      ssoSessions: [{ id: ssoSession.id, method: "sso" }],
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { ssoIdentities: true } })).ssoIdentities).toHaveLength(1);

    const full = await db.organization.findUniqueOrThrow({
      where: { id: org.id },
      include: {
        memberships: { include: { user: true } },
        apiTokens: true,
        auditEvents: true,
        invitations: true,
        phonebooks: { include: { regions: true, pops: true, pendingChanges: true, versions: { include: { artifacts: true } } } },
      },
    });
    expect(full.memberships[0]?.id).toBe(membership.id);
    expect(full.memberships[0]?.user.sessionVersion).toBe(3);
    expect(full.apiTokens[0]?.id).toBe(token.id);
    expect(full.auditEvents[0]?.after).toEqual([1, 2]);
    expect(full.invitations[0]).toMatchObject({ id: invitation.id, role: "admin", acceptedById: user.id });
    expect(
      (await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { passwordResets: true } })).passwordResets[0]?.usedAt,
    ).not.toBeNull();
    const book = full.phonebooks[0];
    expect(book?.pops[0]).toMatchObject({ popIndex: 7, maxSpeed: 2_147_483_647, inService: false, regionId: region.id });
    expect(book?.pendingChanges).toHaveLength(1);
    expect(book?.versions[0]?.artifacts[0]?.name).toBe("DRIFT.pbk");

    // Unique and foreign-key constraints exist in SQL as the schema declares them.
    await expect(db.pop.create({ data: { phonebookId: pb.id, popIndex: 7, countryCode: 1, accessNumber: "1" } })).rejects.toMatchObject({
      code: "P2002",
    });
    await expect(db.region.create({ data: { phonebookId: pb.id, name: "r", nameKey: "r" } })).rejects.toMatchObject({ code: "P2002" });
    // Region positions: the trigger gives the lowest free one, unique per phone book, from 1.
    expect(region.position).toBe(1);
    const three = await db.region.create({ data: { phonebookId: pb.id, name: "Three", nameKey: "three", position: 3 } });
    expect(three.position).toBe(3);
    const many = await db.region.createManyAndReturn({
      data: ["A", "B"].map((name) => ({ phonebookId: pb.id, name, nameKey: name.toLowerCase() })),
    });
    expect(many.map((r) => r.position)).toEqual([2, 4]);
    await expect(db.region.create({ data: { phonebookId: pb.id, name: "D", nameKey: "d", position: 3 } })).rejects.toMatchObject({
      code: "P2002",
    });
    await expect(db.region.create({ data: { phonebookId: pb.id, name: "E", nameKey: "e", position: 0 } })).rejects.toThrow(
      /region_position_check/,
    );
    await db.region.deleteMany({ where: { id: { in: [three.id, ...many.map((r) => r.id)] } } });
    await expect(db.membership.create({ data: { orgId: org.id, userId: user.id, role: "viewer" } })).rejects.toMatchObject({
      code: "P2002",
    });
    await expect(
      db.pop.create({ data: { phonebookId: "00000000-0000-0000-0000-000000000000", popIndex: 1, countryCode: 1, accessNumber: "1" } }),
    ).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);

    // PBS hit counters: minute rows and the hourly rows retention rolls them up into.
    const bucket = new Date("2026-12-01T10:05:00Z");
    const hits = { fullHits: 1n, deltaHits: 2n, noUpdateHits: 3n, errorHits: 9_007_199_254_740_993n };
    await db.pbsHit.create({ data: { orgSlug: org.slug, phonebook: "DRIFT", bucket, ...hits } });
    await db.pbsHitHour.create({ data: { orgSlug: org.slug, phonebook: "DRIFT", hour: new Date("2026-12-01T10:00:00Z"), ...hits } });
    expect(await db.pbsHit.findFirstOrThrow({ where: { orgSlug: org.slug } })).toMatchObject({ bucket, ...hits });
    expect(await db.pbsHitHour.findFirstOrThrow({ where: { orgSlug: org.slug } })).toMatchObject(hits);
    await expect(
      db.pbsHitHour.create({ data: { orgSlug: org.slug, phonebook: "DRIFT", hour: new Date("2026-12-01T10:00:00Z") } }),
    ).rejects.toMatchObject({ code: "P2002" });

    // Deleting a region keeps its POPs (SET NULL); deleting the organisation cascades.
    await db.region.delete({ where: { id: region.id } });
    expect((await db.pop.findUniqueOrThrow({ where: { id: pop.id } })).regionId).toBeNull();
    await db.organization.delete({ where: { id: org.id } });
    expect(await db.pop.count({ where: { phonebookId: pb.id } })).toBe(0);
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(0);
    expect(await db.invitation.count({ where: { id: invitation.id } })).toBe(0);
    expect(await db.ssoIdentity.count({ where: { id: identity.id } })).toBe(0);
    expect(await db.userSession.count({ where: { id: ssoSession.id } })).toBe(0);
  });
});
