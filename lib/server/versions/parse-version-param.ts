import "server-only";
import { notFound } from "@/lib/server/errors";

/** A version number from a URL segment, or 404. */
export function parseVersionParam(raw: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1) throw notFound(`Version ${raw.slice(0, 20)}`);
  return Number(raw);
}
