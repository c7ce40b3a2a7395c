import "server-only";

const DAY_MS = 86_400_000;

/**
 * The `createdAt` filter of an audit query: from the start of UTC day `from` to the end of UTC
 * day `to` (both included; either may be absent). Days are validated YYYY-MM-DD (lib/schemas/audit.ts).
 */
export function auditDayRange(from: string | undefined, to: string | undefined): { gte?: Date; lt?: Date } | undefined {
  if (!from && !to) return undefined;
  return {
    ...(from ? { gte: new Date(`${from}T00:00:00Z`) } : {}),
    ...(to ? { lt: new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
  };
}
