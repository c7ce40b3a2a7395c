import { describe, expect, it } from "vitest";
import { prepareAuthEnv, stampRequest, stampRequestId } from "./request-stamp.mjs";

describe("the app server's request stamp", () => {
  it("keeps a well-formed X-Request-Id and replaces a missing or malformed one with a UUID", () => {
    const kept = { headers: { "x-request-id": "edge-7f3a:42" } as Record<string, string | undefined> };
    expect(stampRequestId(kept)).toBe("edge-7f3a:42");
    for (const bad of [undefined, "", "has space", "line\nbreak", "x".repeat(129), "-leading-dash"]) {
      const req = { headers: { "x-request-id": bad } as Record<string, string | undefined> };
      const id = stampRequestId(req);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(req.headers["x-request-id"]).toBe(id);
    }
  });

  it("overwrites a forged socket-address header and drops X-Forwarded-* unless the proxy is trusted", () => {
    const forged = () => ({
      headers: {
        "x-pba-socket-address": "8.8.8.8",
        "x-forwarded-for": "9.9.9.9",
        "x-forwarded-host": "evil.example",
        host: "app",
      } as Record<string, string | undefined>,
      socket: { remoteAddress: "::ffff:127.0.0.1" },
    });
    const plain = forged();
    stampRequest(plain, false);
    expect(plain.headers).toEqual({ "x-pba-socket-address": "::ffff:127.0.0.1", host: "app" });
    const proxied = forged();
    stampRequest(proxied, true);
    expect(proxied.headers).toMatchObject({
      "x-pba-socket-address": "::ffff:127.0.0.1",
      "x-forwarded-for": "9.9.9.9",
      "x-forwarded-host": "evil.example",
    });
  });

  it("sets AUTH_TRUST_HOST only with TRUST_PROXY=true, else pins NEXTAUTH_URL", () => {
    const direct: Record<string, string | undefined> = { AUTH_TRUST_HOST: "true", PORT: "4000" };
    expect(prepareAuthEnv(direct)).toContain("http://localhost:4000");
    expect(direct).toEqual({ PORT: "4000", NEXTAUTH_URL: "http://localhost:4000" });
    const configured: Record<string, string | undefined> = { NEXTAUTH_URL: "https://pba.example.com" };
    expect(prepareAuthEnv(configured)).toBeNull();
    expect(configured.AUTH_TRUST_HOST).toBeUndefined();
    const proxied: Record<string, string | undefined> = { TRUST_PROXY: "true" };
    expect(prepareAuthEnv(proxied)).toBeNull();
    expect(proxied).toEqual({ TRUST_PROXY: "true", AUTH_TRUST_HOST: "true" });
  });
});
