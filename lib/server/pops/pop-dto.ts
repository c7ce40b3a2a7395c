import "server-only";
import type { Pop, Region } from "@/lib/generated/prisma/client";

/** A POP as the API and the grid see it. */
export type TPopDto = {
  popIndex: number;
  countryCode: number;
  regionId: string | null;
  region: string | null;
  name: string;
  areaCode: string;
  accessNumber: string;
  minSpeed: number | null;
  maxSpeed: number | null;
  flags: number;
  dialupEntry: string;
  inService: boolean;
  comment: string;
  updatedAt: string;
};

export function toPopDto(row: Pop & { region: Pick<Region, "name"> | null }): TPopDto {
  return {
    popIndex: row.popIndex,
    countryCode: row.countryCode,
    regionId: row.regionId,
    region: row.region?.name ?? null,
    name: row.name,
    areaCode: row.areaCode,
    accessNumber: row.accessNumber,
    minSpeed: row.minSpeed,
    maxSpeed: row.maxSpeed,
    flags: row.flags,
    dialupEntry: row.dialupEntry,
    inService: row.inService,
    comment: row.comment,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The audit view of a POP: its fields without timestamps. */
export function popAuditView(dto: TPopDto): Omit<TPopDto, "updatedAt"> {
  const { updatedAt: _updatedAt, ...rest } = dto;
  return rest;
}
