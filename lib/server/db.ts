import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pool?: pg.Pool };

function createClient(): PrismaClient {
  const connectionString = env().DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start the app with `npm run dev` / `npm start`, which provide one");
  }
  const adapter = new PrismaPg({ connectionString, max: 10 });
  // The adapter opens a new pool on each (re)connect; keep the live one for /metrics.
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const connection = await connect();
    globalForPrisma.pool = connection.underlyingDriver();
    return connection;
  };
  return new PrismaClient({ adapter });
}

/** The connection pool of the Prisma client, once it has connected (pool gauges of /metrics). */
export function dbPool(): pg.Pool | undefined {
  return globalForPrisma.pool;
}

function client(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

/**
 * The one Prisma client of this process (kept on globalThis across hot reloads), created on
 * first use: importing this module never needs DATABASE_URL, so `next build` runs without
 * a database.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const real = client();
    const value: unknown = Reflect.get(real, property, real);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(real) : value;
  },
});

export type TDb = PrismaClient;
export type TTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
