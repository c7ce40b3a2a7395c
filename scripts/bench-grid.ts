/**
 * Benchmark: server time of the POP grid queries at 65,000 POPs (SPEC §9 goal ≤ 100 ms).
 * Creates a throw-away database on TEST_PG_URL (default local PostgreSQL), seeds 65,000 POPs,
 * runs each query 15 times and prints the median and p95. Prints figures only.
 */
import { openScratchDatabase } from "@/lib/test/scratch-db";

async function main(): Promise<void> {
  const scratch = await openScratchDatabase("pba_bench_grid");
  const dbName = scratch.name;
  const { db } = await import("@/lib/server/db");
  const { listPops } = await import("@/lib/server/pops/list-pops");
  const { ZPopListQuery } = await import("@/lib/schemas/pop");
  const { seedPops } = await import("@/lib/test/seed-pops");
  try {
    const org = await db.organization.create({ data: { slug: dbName, name: "bench" } });
    const pb = await db.phonebook.create({ data: { orgId: org.id, name: "BENCH", nameKey: "BENCH" } });
    const regions = await Promise.all(
      Array.from({ length: 20 }, (_, i) => db.region.create({ data: { phonebookId: pb.id, name: `Region ${i}`, nameKey: `region ${i}` } })),
    );
    const t0 = performance.now();
    await seedPops(
      pb.id,
      65_000,
      regions.map((r) => r.id),
    );
    await db.$executeRawUnsafe("ANALYZE pop");
    console.log(`seeded 65,000 POPs in ${(performance.now() - t0).toFixed(0)} ms`);
    const actor = {
      userId: "",
      email: "bench",
      orgId: org.id,
      orgSlug: org.slug,
      orgName: org.name,
      role: "viewer" as const,
      via: "token" as const,
    };
    const cases: [string, Record<string, string>][] = [
      ["first page, default sort", {}],
      ["last page (offset 64,950)", { page: "1300" }],
      ["sort by city desc", { sort: "-name" }],
      ["sort by region", { sort: "region" }],
      ["sort by access number, page 500", { sort: "accessNumber", page: "500" }],
      ["search 'city 123'", { q: "city 123" }],
      ["search digits '0042'", { q: "0042" }],
      ["filter country 49 + out of service", { countryCode: "49", inService: "false" }],
      ["filter region + flag !supportsModem", { region: regions[3]?.id ?? "", flag: "!supportsModem" }],
      ["page size 500, sort by speed", { pageSize: "500", sort: "-maxSpeed" }],
    ];
    console.log("\nPOP grid server time at 65,000 POPs (listPops: page + total count), 15 runs each");
    console.log(`${"query".padEnd(42)} ${"median".padStart(9)} ${"p95".padStart(9)}`);
    for (const [label, raw] of cases) {
      const query = ZPopListQuery.parse(raw);
      const times: number[] = [];
      for (let i = 0; i < 15; i++) {
        const start = performance.now();
        await listPops({ actor, phonebookName: "BENCH", query });
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? 0;
      const p95 = times[Math.floor(times.length * 0.95)] ?? 0;
      console.log(`${label.padEnd(42)} ${median.toFixed(1).padStart(7)}ms ${p95.toFixed(1).padStart(7)}ms`);
    }
    console.log("goal: ≤ 100 ms server time per grid request");
  } finally {
    await db.$disconnect();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
