import { mkdir, readdir, stat, utimes } from "node:fs/promises";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import * as item from "@/app/api/v1/phonebooks/[name]/route";
import * as exportCsv from "@/app/api/v1/phonebooks/[name]/export.csv/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import { env } from "@/lib/env";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { withApi } from "./with-api";
import { spyLog } from "@/lib/test/capture-log";

const post = (headers: Record<string, string>) =>
  phonebooks.POST(
    new NextRequest("http://app.example/api/v1/phonebooks", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ name: "CSRF1" }),
    }),
    {
      params: Promise.resolve({}),
    },
  );

describe("CSRF guard of cookie-authenticated API writes", () => {
  it("refuses a cross-site or origin-less write that carries a session cookie", async () => {
    const cases: Record<string, string>[] = [
      { cookie: "next-auth.session-token=abc", origin: "https://evil.example", host: "app.example" },
      { cookie: "__Secure-next-auth.session-token=abc", host: "app.example" },
    ];
    for (const headers of cases) {
      const res = await post(headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Cross-site request refused/);
    }
  });

  it("does not apply to bearer tokens (no ambient credentials): a bad token is a plain 401", async () => {
    const res = await post({ authorization: "Bearer pba_nope", origin: "https://evil.example" });
    expect(res.status).toBe(401);
  });
});

describe("Cache-Control of API answers", () => {
  it("is no-store on JSON successes and errors of every kind", async () => {
    const { actors } = await makeOrg(["admin", "viewer"]);
    const name = pbName();
    const answers = {
      created: await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } }),
      listed: await callRoute(phonebooks.GET, { token: actors.viewer.token }),
      read: await callRoute(item.GET, { token: actors.viewer.token, params: { name } }),
      invalid: await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name: "no way" } }),
      missing: await callRoute(item.GET, { token: actors.viewer.token, params: { name: "NOSUCH1" } }),
      forbidden: await callRoute(phonebooks.POST, { method: "POST", token: actors.viewer.token, body: { name: pbName() } }),
      unauthenticated: await callRoute(phonebooks.GET, {}),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([key, res]) => [key, [res.status, res.headers.get("cache-control")]]))).toEqual({
      created: [201, "no-store"],
      listed: [200, "no-store"],
      read: [200, "no-store"],
      invalid: [400, "no-store"],
      missing: [404, "no-store"],
      forbidden: [403, "no-store"],
      unauthenticated: [401, "no-store"],
    });
    expect(answers.read.json).toMatchObject({ name, popCount: 0 });
  });

  it("keeps a Cache-Control the handler set (file downloads) and covers 500s and immutable responses", async () => {
    const { actors } = await makeOrg(["admin"]);
    const name = pbName();
    await callRoute(phonebooks.POST, { method: "POST", token: actors.admin.token, body: { name } });
    const csv = await callRoute(exportCsv.GET, { token: actors.admin.token, params: { name } });
    expect([csv.status, csv.headers.get("cache-control")]).toEqual([200, "private, no-cache"]);

    const own = withApi("viewer", () => Promise.resolve(new Response("x", { headers: { "cache-control": "public, max-age=60" } })));
    const redirect = withApi("viewer", () => Promise.resolve(Response.redirect("http://localhost/elsewhere", 307)));
    const failing = withApi("viewer", () => Promise.reject(new Error("boom")));
    const silenced = spyLog();
    const [ownRes, redirectRes, failingRes] = await Promise.all(
      [own, redirect, failing].map((handler) => callRoute(handler, { token: actors.admin.token })),
    );
    silenced.restore();
    expect([ownRes?.status, ownRes?.headers.get("cache-control"), ownRes?.text]).toEqual([200, "public, max-age=60", "x"]);
    expect([redirectRes?.status, redirectRes?.headers.get("cache-control"), redirectRes?.headers.get("location")]).toEqual([
      307,
      "no-store",
      "http://localhost/elsewhere",
    ]);
    expect([failingRes?.status, failingRes?.headers.get("cache-control")]).toEqual([500, "no-store"]);
    expect(failingRes?.json).toEqual({ error: { code: "internal", message: "Internal error; it has been logged.", details: null } });
  });

  it("is no-store on the health check, which writes nothing to the storage folder", async () => {
    const folder = env().STORAGE_DIR;
    await mkdir(folder, { recursive: true });
    const past = new Date("2020-01-01T00:00:00Z");
    await utimes(folder, past, past);
    const before = await readdir(folder);
    const res = await health.GET();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok", checks: { database: "ok", storage: "ok" } });
    expect(await readdir(folder)).toEqual(before);
    expect((await stat(folder)).mtime).toEqual(past);
  });
});
