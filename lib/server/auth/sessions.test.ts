import { beforeEach, describe, expect, it, vi } from "vitest";
import { getServerSession } from "next-auth";
import { changePassword } from "@/lib/server/account/change-password";
import { db } from "@/lib/server/db";
import { makeOrg } from "@/lib/test/fixtures";
import { getSessionActor, getSessionUser } from "./get-actor";
import { authOptions } from "./options";
import { hashPassword } from "./password";
import { describeDevice, listSessions, revokeAllSessions, revokeSession } from "./sessions";

vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: vi.fn() }));
const mockSession = vi.mocked(getServerSession);
beforeEach(() => mockSession.mockReset());

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

type TAuthorize = (
  credentials: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<{ id: string; sid: string; sv: number }>;

/** Signs in through the real credentials provider (as next-auth would) and returns the cookie's claims. */
async function signIn(email: string, password: string, address: string) {
  const provider = authOptions.providers[0] as unknown as { options: { authorize: TAuthorize } };
  const user = await provider.options.authorize(
    { email, password },
    { headers: { "user-agent": FIREFOX, "x-pba-socket-address": address } },
  );
  return { expires: "2099-01-01T00:00:00.000Z", userId: user.id, sid: user.sid, sv: user.sv };
}

async function member() {
  const { org, actors } = await makeOrg(["owner", "editor"]);
  await db.user.update({ where: { id: actors.editor.userId }, data: { passwordHash: await hashPassword("editor-password-1") } });
  return { org, actor: actors.editor };
}

describe("server-side sessions", () => {
  it("a copied cookie is dead after sign-out", async () => {
    const { actor } = await member();
    const cookie = await signIn(actor.email, "editor-password-1", "192.0.2.10");
    mockSession.mockResolvedValue(cookie);
    expect(await getSessionActor()).toMatchObject({ userId: actor.userId, role: "editor" });
    const row = await db.userSession.findUniqueOrThrow({ where: { id: cookie.sid } });
    expect(row).toMatchObject({ userId: actor.userId, address: "192.0.2.10", method: "password", revokedAt: null });

    await authOptions.events?.signOut?.({ token: { sub: cookie.userId, sid: cookie.sid }, session: null as never });
    expect((await db.userSession.findUniqueOrThrow({ where: { id: cookie.sid } })).revokedAt).not.toBeNull();
    // The same cookie, replayed: refused.
    mockSession.mockResolvedValue(cookie);
    expect(await getSessionUser()).toBeNull();
    expect(await getSessionActor()).toBeNull();
    // A cookie without a session id (forged or from before) counts for nothing either.
    mockSession.mockResolvedValue({ ...cookie, sid: undefined });
    expect(await getSessionUser()).toBeNull();
  });

  it("lists sessions with device and address, revokes one, ends all, and times out idle ones", async () => {
    const { actor } = await member();
    const a = await signIn(actor.email, "editor-password-1", "192.0.2.11");
    const b = await signIn(actor.email, "editor-password-1", "192.0.2.12");
    const list = await listSessions(actor.userId, a.sid);
    expect(list.map((s) => [s.address, s.isCurrent, s.device]).sort()).toEqual([
      ["192.0.2.11", true, "Firefox 133 on Windows"],
      ["192.0.2.12", false, "Firefox 133 on Windows"],
    ]);
    const other = await member();
    expect(await revokeSession({ userId: other.actor.userId, sessionId: b.sid })).toBe(false);
    expect(await revokeSession({ userId: actor.userId, sessionId: b.sid })).toBe(true);
    mockSession.mockResolvedValue(b);
    expect(await getSessionUser()).toBeNull();
    mockSession.mockResolvedValue(a);
    expect(await getSessionUser()).not.toBeNull();

    await db.userSession.update({ where: { id: a.sid }, data: { lastSeenAt: new Date(Date.now() - 13 * 3_600_000) } });
    expect(await getSessionUser()).toBeNull();

    const c = await signIn(actor.email, "editor-password-1", "192.0.2.13");
    expect(await revokeAllSessions(actor.userId)).toBe(2); // c, and a (idle, never revoked)
    mockSession.mockResolvedValue(c);
    expect(await getSessionUser()).toBeNull();
  });

  it("a password change ends every session", async () => {
    const { actor } = await member();
    const cookie = await signIn(actor.email, "editor-password-1", "192.0.2.14");
    await changePassword({ actor, currentPassword: "editor-password-1", newPassword: "a-whole-new-secret-7" });
    mockSession.mockResolvedValue({ ...cookie, sv: cookie.sv + 1 });
    expect(await getSessionUser()).toBeNull();
    expect(await listSessions(actor.userId)).toEqual([]);
  });

  it("names devices from their User-Agent", () => {
    expect(describeDevice("")).toBe("Unknown device");
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")).toBe(
      "Chrome 131 on Linux",
    );
  });
});
