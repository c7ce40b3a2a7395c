import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The POP columns a published line is made of (plus the region id and service state). */
export const POP_PUBLISHED_SELECT = {
  popIndex: true,
  countryCode: true,
  regionId: true,
  name: true,
  areaCode: true,
  accessNumber: true,
  minSpeed: true,
  maxSpeed: true,
  flags: true,
  dialupEntry: true,
  inService: true,
} as const satisfies Prisma.PopSelect;
