import { describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";

describe("the Prisma client module", () => {
  it("imports without DATABASE_URL (so `next build` needs no database) and says what is missing on first use", async () => {
    vi.resetModules();
    const saved = process.env.DATABASE_URL;
    const holder = globalThis as { prisma?: unknown };
    const savedClient = holder.prisma;
    delete process.env.DATABASE_URL;
    delete holder.prisma;
    resetEnvCache();
    try {
      const { db } = await import("@/lib/server/db");
      expect(() => db.user).toThrow(/DATABASE_URL is not set/);
    } finally {
      process.env.DATABASE_URL = saved;
      holder.prisma = savedClient;
      resetEnvCache();
    }
  });
});
