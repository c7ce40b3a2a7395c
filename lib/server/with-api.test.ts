import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as phonebooks from "@/app/api/v1/phonebooks/route";

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
