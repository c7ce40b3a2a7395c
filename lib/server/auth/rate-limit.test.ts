import { describe, expect, it } from "vitest";
import { clientAddress, createRateLimiter } from "./rate-limit";

describe("rate limiter", () => {
  it("allows the limit, refuses beyond it with the wait, and resets after the window", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    const t = 1_000_000;
    expect([limiter.hit("a", t), limiter.hit("a", t), limiter.hit("a", t)]).toEqual([0, 0, 0]);
    expect(limiter.hit("a", t + 1_000)).toBe(59);
    expect(limiter.hit("b", t + 1_000)).toBe(0);
    expect(limiter.hit("a", t + 60_000)).toBe(0);
  });

  it("reads the first forwarded address only behind a trusted proxy", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }, true)).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-real-ip": "198.51.100.2" }), true)).toBe("198.51.100.2");
    expect(clientAddress(undefined, true)).toBe("local");
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, false)).toBeNull();
  });
});
