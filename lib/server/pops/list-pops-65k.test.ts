import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { listPops } from "@/lib/server/pops/list-pops";
import { ZPopListQuery } from "@/lib/schemas/pop";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { seedPops } from "@/lib/test/seed-pops";

// Behaviour at the 65,000-POP limit (timings are in `npm run bench`, not here).
let actor: Awaited<ReturnType<typeof makeOrg>>["actors"]["viewer"];
let name: string;

beforeAll(async () => {
  const org = await makeOrg(["viewer"]);
  actor = org.actors.viewer;
  name = pbName();
  const pb = await db.phonebook.create({ data: { orgId: org.org.id, name, nameKey: name } });
  const regions = await Promise.all(
    ["Alpha", "Beta", "Gamma"].map((n) => db.region.create({ data: { phonebookId: pb.id, name: n, nameKey: n.toLowerCase() } })),
  );
  await seedPops(
    pb.id,
    65_000,
    regions.map((r) => r.id),
  );
}, 120_000);

const q = (raw: Record<string, string>) => ZPopListQuery.parse(raw);

describe("POP list at 65,000 POPs", () => {
  it("pages to the very end without gaps", async () => {
    const last = await listPops({ actor, phonebookName: name, query: q({ page: "130", pageSize: "500" }) });
    expect(last.total).toBe(65_000);
    expect(last.pageCount).toBe(130);
    expect(last.rows).toHaveLength(500);
    expect(last.rows.at(-1)?.popIndex).toBe(65_000);
    const desc = await listPops({ actor, phonebookName: name, query: q({ sort: "-popIndex", pageSize: "3" }) });
    expect(desc.rows.map((r) => r.popIndex)).toEqual([65_000, 64_999, 64_998]);
  });

  it("filters and sorts on the server", async () => {
    const uk = await listPops({ actor, phonebookName: name, query: q({ countryCode: "44", inService: "false", pageSize: "10" }) });
    // i % 4 = 1 → 44, and i % 50 = 0 → out of service: no i is both (50k is even), so 0.
    expect(uk.total).toBe(0);
    const de = await listPops({ actor, phonebookName: name, query: q({ countryCode: "49", inService: "false" }) });
    expect(de.total).toBe(650); // i % 4 = 2 and i % 50 = 0 ⇔ i % 100 = 50
    const search = await listPops({ actor, phonebookName: name, query: q({ q: "city 6499" }) });
    expect(search.rows.map((r) => r.popIndex)).toEqual([64990, 64991, 64992, 64993, 64994, 64995, 64996, 64997, 64998, 64999]);
    const byName = await listPops({ actor, phonebookName: name, query: q({ sort: "-name", pageSize: "2" }) });
    expect(byName.rows.map((r) => r.name)).toEqual(["City 65000", "City 64999"]);
    const noRegion = await listPops({ actor, phonebookName: name, query: q({ region: "none", pageSize: "1" }) });
    expect(noRegion.total).toBe(Math.floor(65_000 / 7));
  });

  it("sorts by region name page by page exactly as ORDER BY region.name, pop_index would", async () => {
    const pb = await db.phonebook.findFirstOrThrow({ where: { orgId: actor.orgId, name } });
    const cases: { sort: string; page: number; pageSize: number; extra?: Record<string, string> }[] = [
      { sort: "region", page: 1, pageSize: 50 },
      { sort: "region", page: 186, pageSize: 100 }, // across the Alpha → Beta boundary
      { sort: "region", page: 650, pageSize: 100 }, // the last page: POPs of no region
      { sort: "-region", page: 1, pageSize: 25 }, // descending: no region first
      { sort: "-region", page: 93, pageSize: 100 },
      { sort: "region", page: 3, pageSize: 40, extra: { countryCode: "49" } },
      { sort: "region", page: 1, pageSize: 500, extra: { q: "city 12" } },
      { sort: "region", page: 9999, pageSize: 10 }, // past the end
    ];
    for (const c of cases) {
      const got = await listPops({
        actor,
        phonebookName: name,
        query: q({ sort: c.sort, page: String(c.page), pageSize: String(c.pageSize), ...c.extra }),
      });
      const direction = c.sort.startsWith("-") ? "desc" : "asc";
      const expected = await db.pop.findMany({
        where: {
          phonebookId: pb.id,
          ...(c.extra?.countryCode ? { countryCode: Number(c.extra.countryCode) } : {}),
          ...(c.extra?.q ? { searchText: { contains: c.extra.q } } : {}),
        },
        orderBy: [{ region: { name: direction } }, { popIndex: "asc" }],
        skip: (c.page - 1) * c.pageSize,
        take: c.pageSize,
        select: { popIndex: true },
      });
      expect(
        got.rows.map((r) => r.popIndex),
        JSON.stringify(c),
      ).toEqual(expected.map((r) => r.popIndex));
      if (!c.extra) expect(got.total).toBe(65_000);
    }
  });
});
