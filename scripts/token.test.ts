import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import { hashToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName, uniq } from "@/lib/test/fixtures";

const ROOT = resolve(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CLI = join(ROOT, "scripts", "token.ts");

/** Runs `npm run token` as a child process against the test database (set by lib/test/setup-env.ts). */
function cli(args: string[], env: Record<string, string | undefined> = { DATABASE_URL: process.env.DATABASE_URL }) {
  const r = spawnSync(TSX, ["--conditions=react-server", CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeout: 60_000,
  });
  const lines = r.stdout.trimEnd().split("\n");
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, lastLine: lines[lines.length - 1] ?? "" };
}

describe("scripts/token.ts", () => {
  it("exits 2 with the usage on bad arguments", () => {
    for (const args of [
      [],
      ["--email"],
      ["--email", "a@b.example", "--role", "root"],
      ["--email", "a@b.example", "--scopes", "read,root"],
      ["--email", "a@b.example", "--expires-in-days", "0"],
      ["--email", "a@b.example", "--expires-in-days", "soon"],
      ["--email", "a@b.example", "--org", "Bad_Slug"],
      ["--email", "a@b.example", "--org", "x"],
      ["--email", "a@b.example", "--wat"],
      ["stray"],
    ]) {
      const r = cli(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("usage: npm run token -- --email <user>");
      expect(r.stdout).toBe("");
    }
  });

  it("says to set DATABASE_URL when it is missing", () => {
    const r = cli(["--email", "a@b.example"], {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("DATABASE_URL is not set");
    expect(r.stderr).toContain("postgresql://postgres:postgres@127.0.0.1:54329/pba");
  });

  it("bootstraps an organisation, user and membership, and prints a working token last", async () => {
    const slug = `cli-${uniq()}`;
    const email = `ops-${uniq()}@test.example`;
    const r = cli(["--email", email.toUpperCase(), "--org", slug, "--role", "admin", "--name", "ci bootstrap"]);
    expect(r.stderr).toContain(`Created organisation ${slug}`);
    expect(r.status).toBe(0);
    expect(r.lastLine).toMatch(/^pba_[A-Za-z0-9_-]{40,}$/);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);

    const org = await db.organization.findUniqueOrThrow({ where: { slug } });
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.memberships.map((m) => [m.orgId, m.role])).toEqual([[org.id, "admin"]]);
    const row = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(r.lastLine) } });
    expect(row).toMatchObject({
      orgId: org.id,
      userId: user.id,
      scopes: ["read", "write", "publish", "admin"],
      name: "ci bootstrap",
      revokedAt: null,
    });
    // 90 days unless told otherwise.
    expect(Math.round(((row.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000)).toBe(90);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "token.create" } });
    expect(JSON.stringify(audit)).not.toContain(r.lastLine);

    const created = await callRoute(phonebooks.POST, { method: "POST", token: r.lastLine, body: { name: pbName() } });
    expect(created.status).toBe(201);

    // Second run: the user has exactly one membership, so --org may be left out; the scopes default to its role's.
    const again = cli(["--email", email, "--expires-in-days", "never"]);
    expect(again.status).toBe(0);
    expect(again.lastLine).not.toBe(r.lastLine);
    const second = await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(again.lastLine) } });
    expect(second).toMatchObject({ orgId: org.id, scopes: ["read", "write", "publish", "admin"], name: "cli", expiresAt: null });
    const list = await callRoute(phonebooks.GET, { token: again.lastLine });
    expect(list.status).toBe(200);
    expect((list.json.phonebooks as unknown[]).length).toBe(1);
    expect(await db.organization.count({ where: { slug } })).toBe(1);
  });

  it("refuses a role above the membership, an unknown user, and an ambiguous organisation", async () => {
    const a = await makeOrg(["editor"]);
    const editor = a.actors.editor;
    const tooHigh = cli(["--email", editor.email, "--role", "admin"]);
    expect(tooHigh.status).toBe(1);
    expect(tooHigh.stderr).toContain("a token may not have the higher role admin");
    expect(tooHigh.stdout).toBe("");

    const viewerToken = cli(["--email", editor.email, "--org", a.org.slug, "--role", "viewer"]);
    expect(viewerToken.status).toBe(0);
    expect((await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(viewerToken.lastLine) } })).scopes).toEqual(["read"]);
    const writeOnly = cli(["--email", editor.email, "--scopes", "write,read"]);
    expect(writeOnly.status).toBe(0);
    expect((await db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(writeOnly.lastLine) } })).scopes).toEqual([
      "read",
      "write",
    ]);
    const publish = cli(["--email", editor.email, "--scopes", "read,publish"]);
    expect(publish.status).toBe(1);
    expect(publish.stderr).toContain("a token may not have the publish scope");
    expect(publish.stdout).toBe("");
    expect((await db.membership.findFirstOrThrow({ where: { userId: editor.userId } })).role).toBe("editor");

    const unknown = cli(["--email", `nobody-${uniq()}@test.example`]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("pass --org <slug> and --role <role>");

    const b = await makeOrg(["viewer"]);
    await db.membership.create({ data: { orgId: b.org.id, userId: editor.userId, role: "viewer" } });
    const ambiguous = cli(["--email", editor.email]);
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toContain(`${a.org.slug} (editor)`);
    expect(ambiguous.stderr).toContain(`${b.org.slug} (viewer)`);

    // Not a member yet and no --role: nothing is created.
    const email = `norole-${uniq()}@test.example`;
    const noRole = cli(["--email", email, "--org", a.org.slug]);
    expect(noRole.status).toBe(1);
    expect(noRole.stderr).toContain("pass --role");
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});
