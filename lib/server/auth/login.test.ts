import { monitorEventLoopDelay } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeOrg, uniq } from "@/lib/test/fixtures";
import { clientAddress } from "./client-address";
import { signInFailedMessage, verifyLogin } from "./login";
import { ACCOUNT_FREE, ADDRESS_FREE, clearAccount, delayAfter, MAX_DELAY_S } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";

const addr = () => `198.51.100.${Math.floor(Math.random() * 250)}-${uniq()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function userWithPassword(password: string) {
  const { org, actors } = await makeOrg(["owner"]);
  await db.user.update({ where: { id: actors.owner.userId }, data: { passwordHash: await hashPassword(password) } });
  return { org, ...actors.owner };
}

describe("sign-in without lockout", () => {
  it("grows delays 1, 2, 4 … s after the free failures, capped at 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((f) => delayAfter(f, 4))).toEqual([0, 0, 0, 0, 1, 2, 4, 8]);
    expect(delayAfter(1000, 4)).toBe(MAX_DELAY_S);
  });

  it("five wrong passwords from an attacker's address never stop the owner from another address, nor after the delay", async () => {
    const owner = await userWithPassword("owner-password-1");
    const attacker = addr();
    const results = [];
    for (let i = 0; i < ACCOUNT_FREE + 1; i++) results.push(await verifyLogin(owner.email, "guess", attacker));
    expect(results.map((r) => (r.ok ? "ok" : r.waitSeconds))).toEqual([0, 0, 0, 0, 1]);
    expect(await verifyLogin(owner.email, "owner-password-1", attacker)).toMatchObject({ ok: false, waitSeconds: 1 });
    // From the owner's own address: at once.
    expect(await verifyLogin(owner.email, "owner-password-1", addr())).toMatchObject({ ok: true, userId: owner.userId });
    // From the attacker's address too, once the delay has passed.
    await sleep(1100);
    expect(await verifyLogin(owner.email, "owner-password-1", attacker)).toMatchObject({ ok: true, userId: owner.userId });
    const audit = await db.auditEvent.findMany({ where: { orgId: owner.org.id, action: "auth.delay" } });
    expect(audit.map((a) => a.after)).toEqual([
      expect.objectContaining({ email: owner.email, address: attacker, failures: 5, delaySeconds: 1 }),
    ]);
  });

  it("30 wrong guesses at once leave the real password working from elsewhere, with the delays shared through PostgreSQL", async () => {
    const owner = await userWithPassword("owner-password-2");
    const attacker = addr();
    await Promise.all(Array.from({ length: 30 }, () => verifyLogin(owner.email, "guess", attacker)));
    const rows = await db.loginThrottle.findMany({ where: { key: { endsWith: attacker } } });
    expect(rows.map((r) => r.failures).sort((a, b) => a - b)).toEqual([30, 30]);
    expect(rows.find((r) => r.key.startsWith("acct:"))?.blockedUntil?.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(await verifyLogin(owner.email, "owner-password-2", addr())).toMatchObject({ ok: true });
    // An owner's unlock clears every address's delay for the account.
    expect(await clearAccount(owner.email)).toBe(1);
    expect(await verifyLogin(owner.email, "owner-password-2", attacker)).toMatchObject({ ok: true });
  });

  it("answers and delays unknown emails exactly like known ones", async () => {
    const owner = await userWithPassword("owner-password-3");
    const from = addr();
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < ACCOUNT_FREE + 1; i++) {
      known.push(await verifyLogin(owner.email, "guess", from));
      unknown.push(await verifyLogin(`nobody-${uniq()}@test.example`, "guess", addr()));
    }
    const nobody = `nobody-${uniq()}@test.example`;
    const sameAddress: unknown[] = [];
    for (let i = 0; i < ACCOUNT_FREE + 1; i++) sameAddress.push(await verifyLogin(nobody, "guess", from));
    expect(sameAddress).toEqual(known);
    expect(unknown.every((r) => JSON.stringify(r) === JSON.stringify({ ok: false, waitSeconds: 0 }))).toBe(true);
    expect(signInFailedMessage(0)).toBe("Wrong email or password.");
    expect(signInFailedMessage(4)).toContain("wait 4 s");
  });

  it("slows one address trying many accounts, and no other address", async () => {
    const owner = await userWithPassword("owner-password-4");
    const sprayer = addr();
    for (let i = 0; i < ADDRESS_FREE; i++) await verifyLogin(`spray-${i}-${uniq()}@test.example`, "guess", sprayer);
    expect(await verifyLogin(`spray-last-${uniq()}@test.example`, "guess", sprayer)).toMatchObject({ ok: false, waitSeconds: 1 });
    expect(await verifyLogin(owner.email, "owner-password-4", sprayer)).toMatchObject({ ok: false });
    expect(await verifyLogin(owner.email, "owner-password-4", addr())).toMatchObject({ ok: true });
  });

  it("upgrades a bcrypt hash to argon2id at the next sign-in", async () => {
    const owner = await userWithPassword("x");
    await db.user.update({ where: { id: owner.userId }, data: { passwordHash: await bcrypt.hash("legacy-password-1", 10) } });
    expect(await verifyLogin(owner.email, "legacy-password-1", addr())).toMatchObject({ ok: true });
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: owner.userId } });
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword("legacy-password-1", passwordHash)).toBe(true);
    expect(await verifyLogin(owner.email, "legacy-password-1", addr())).toMatchObject({ ok: true });
  });

  it("keeps the event loop free while 100 sign-ins with random emails are checked", async () => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => verifyLogin(`random-${uniq()}@test.example`, "guess-password", addr())),
    );
    loop.disable();
    const busy = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
    expect(busy.every((m) => m.includes("busy"))).toBe(true);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(64);
    console.log(`[login] 100 sign-ins in ${Date.now() - started} ms, event loop max ${Math.round(loop.max / 1e6)} ms, ${busy.length} busy`);
    expect(loop.max / 1e6).toBeLessThan(250);
  });
});

describe("client address", () => {
  it("takes the proxy's own X-Forwarded-For hop only behind a trusted proxy, else the socket", () => {
    const headers = { "x-forwarded-for": "203.0.113.7, 10.0.0.1", "x-pba-socket-address": "::ffff:127.0.0.1" };
    expect(clientAddress(headers, true)).toBe("10.0.0.1");
    expect(clientAddress(headers, false)).toBe("127.0.0.1");
    expect(clientAddress(new Headers({ "x-pba-socket-address": "192.0.2.9" }), false)).toBe("192.0.2.9");
    expect(clientAddress(undefined, false)).toBe("unknown");
  });
});
