import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { escapeLike } from "@/lib/server/db/escape-like";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { POP_FLAGS } from "@/lib/phonebook/pop-flags";
import type { TPopListQuery, TPopSortKey } from "@/lib/schemas/pop";
import { toPopDto, type TPopDto } from "./pop-dto";

export type TPopPage = { rows: TPopDto[]; total: number; page: number; pageSize: number; pageCount: number };

/**
 * One page of a phone book's POPs with server-side search, filters and sorting. Indexes
 * on (phonebook_id, …) keep each query fast at 65,000 POPs; popIndex breaks ties so pages
 * never overlap.
 */
export async function listPops(options: { actor: TActor; phonebookName: string; query: TPopListQuery }): Promise<TPopPage> {
  const { actor, query } = options;
  const phonebook = await getPhonebook(actor, options.phonebookName);
  const where = popWhere(phonebook.id, query);
  const desc = query.sort.startsWith("-");
  const key = query.sort.replace(/^-/, "") as TPopSortKey;
  const direction: Prisma.SortOrder = desc ? "desc" : "asc";
  if (key === "region") return byRegionPage(phonebook.id, where, query, direction);
  const orderBy: Prisma.PopOrderByWithRelationInput[] = key === "popIndex" ? [] : [{ [key]: direction }];
  orderBy.push({ popIndex: key === "popIndex" ? direction : "asc" });
  const [rows, total] = await Promise.all([
    db.pop.findMany({
      where,
      orderBy,
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      include: { region: { select: { name: true } } },
    }),
    db.pop.count({ where }),
  ]);
  return {
    rows: rows.map(toPopDto),
    total,
    page: query.page,
    pageSize: query.pageSize,
    pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
  };
}

/**
 * The page of POPs sorted by region name, then POP index, without sorting every matching
 * row: a phone book has few regions, so the POPs are counted per region (an index scan on
 * (phonebook_id, region_id, pop_index)), the regions put in name order by the database (POPs
 * of no region last, first when descending, as PostgreSQL sorts NULL), and only the regions
 * the page covers are read, each in POP index order on the same index. Same rows as
 * `ORDER BY region.name, pop_index` (list-pops-65k.test.ts compares them).
 */
async function byRegionPage(
  phonebookId: string,
  where: Prisma.PopWhereInput,
  query: TPopListQuery,
  direction: Prisma.SortOrder,
): Promise<TPopPage> {
  const [groups, regions] = await Promise.all([
    db.pop.groupBy({ by: ["regionId"], where, _count: { _all: true } }),
    // The database orders the names (its collation, as ORDER BY region.name would).
    db.region.findMany({ where: { phonebookId }, select: { id: true }, orderBy: [{ name: direction }, { id: "asc" }] }),
  ]);
  const countOf = new Map(groups.map((g) => [g.regionId, g._count._all]));
  const named = regions.map((r) => ({ regionId: r.id, count: countOf.get(r.id) ?? 0 }));
  const none = { regionId: null, count: countOf.get(null) ?? 0 };
  const ordered = (direction === "asc" ? [...named, none] : [none, ...named]).filter((g) => g.count > 0);
  const total = ordered.reduce((sum, g) => sum + g.count, 0);
  let skip = (query.page - 1) * query.pageSize;
  let take = query.pageSize;
  const rows: Awaited<ReturnType<typeof db.pop.findMany<{ include: { region: { select: { name: true } } } }>>> = [];
  for (const group of ordered) {
    if (take === 0) break;
    if (skip >= group.count) {
      skip -= group.count;
      continue;
    }
    const part = await db.pop.findMany({
      where: { AND: [where, { regionId: group.regionId }] },
      orderBy: { popIndex: "asc" },
      skip,
      take,
      include: { region: { select: { name: true } } },
    });
    rows.push(...part);
    take -= part.length;
    skip = 0;
  }
  return {
    rows: rows.map(toPopDto),
    total,
    page: query.page,
    pageSize: query.pageSize,
    pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
  };
}

// Prisma has no bitwise filter; valid flag values are only the 64 bytes with bits 0 and 7
// clear, so "bit set" becomes `flags IN (…)`, which the planner handles well.
const FLAG_VALUES = Array.from({ length: 256 }, (_, v) => v).filter((v) => (v & 0x81) === 0);

function popWhere(phonebookId: string, query: TPopListQuery): Prisma.PopWhereInput {
  const and: Prisma.PopWhereInput[] = [{ phonebookId }];
  if (query.q) {
    // search_text is one lower-cased column generated from index, city, area code, number,
    // dial-up entry and comment (migration pop_search): one LIKE scan of it is fast enough.
    // "%" and "_" in the search match themselves.
    and.push({ searchText: { contains: escapeLike(query.q.toLowerCase()) } });
  }
  if (query.region === "none") and.push({ regionId: null });
  else if (query.region) and.push({ regionId: query.region });
  if (query.countryCode !== undefined) and.push({ countryCode: query.countryCode });
  if (query.inService) and.push({ inService: query.inService === "true" });
  for (const part of query.flag?.split(",") ?? []) {
    const wanted = !part.startsWith("!");
    const flag = POP_FLAGS.find((f) => f.key === part.replace(/^!/, ""));
    if (!flag) continue;
    // The POP "has" a feature when its bit is set, or clear for negative-logic bits.
    const bitSet = flag.negative ? !wanted : wanted;
    and.push({ flags: { in: FLAG_VALUES.filter((v) => ((v & flag.value) !== 0) === bitSet) } });
  }
  return { AND: and };
}
