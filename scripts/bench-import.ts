/**
 * Benchmark: import of a 32,000-row CSV through the API route (validate + commit) beside a raw
 * PostgreSQL COPY of the same rows, in the same run (SPEC §9 goal: ≤ 2 s and ≤ 5× COPY).
 * Uses a throw-away database on TEST_PG_URL. Prints figures only.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openScratchDatabase } from "@/lib/test/scratch-db";

const ROWS = 32_000;

function makeCsv(): string {
  const lines = ["popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment"];
  for (let i = 1; i <= ROWS; i++)
    lines.push(
      `${i},${[1, 44, 49, 33][i % 4]},Region ${i % 40},City ${i},${200 + (i % 700)},555-${String(i).padStart(7, "0")},9600,56000,${(i % 64) * 2},MyISP,true,`,
    );
  return `${lines.join("\r\n")}\r\n`;
}

async function main(): Promise<void> {
  const scratch = await openScratchDatabase("pba_bench_import");
  const url = new URL(scratch.url);
  const dbName = scratch.name;
  process.env.STORAGE_DIR = `/tmp/${dbName}`;
  const { db } = await import("@/lib/server/db");
  const { issueApiToken } = await import("@/lib/server/auth/api-tokens");
  const route = await import("@/app/api/v1/phonebooks/[name]/imports/route");
  const { NextRequest } = await import("next/server");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const org = await db.organization.create({ data: { slug: dbName.replace(/_/g, "-"), name: "bench" } });
    const user = await db.user.create({ data: { email: `${dbName}@bench`, passwordHash: "x" } });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
    const { token } = await issueApiToken({ orgId: org.id, userId: user.id, name: "bench", role: "owner" });
    const csv = makeCsv();
    console.log(`CSV: ${ROWS.toLocaleString("en")} rows, ${(csv.length / 1e6).toFixed(2)} MB`);

    const apiTimes: number[] = [];
    const copyTimes: number[] = [];
    for (let run = 1; run <= 3; run++) {
      const name = `BENCH${run}`;
      const pb = await db.phonebook.create({ data: { orgId: org.id, name, nameKey: name } });
      const req = new NextRequest(`http://localhost/api/v1/phonebooks/${name}/imports`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
        body: csv,
      });
      const t0 = performance.now();
      const res = await route.POST(req, { params: Promise.resolve({ name }) });
      const t1 = performance.now();
      const body = (await res.json()) as { added?: number };
      if (res.status !== 200 || body.added !== ROWS) throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      apiTimes.push(t1 - t0);

      // The same rows by raw COPY into a scratch phone book (no validation, no diff, no regions).
      const scratch = await db.phonebook.create({ data: { orgId: org.id, name: `COPY${run}`, nameKey: `COPY${run}` } });
      const tsv = csv
        .split("\r\n")
        .slice(1, -1)
        .map((line) => {
          const f = line.split(",");
          return [scratch.id, f[0], f[1], f[3], f[4], f[5], f[6], f[7], f[8], f[9], "t"].join("\t");
        })
        .join("\n");
      const c0 = performance.now();
      const stream = client.query(
        copyFrom(
          "COPY pop (phonebook_id, pop_index, country_code, name, area_code, access_number, min_speed, max_speed, flags, dialup_entry, in_service) FROM STDIN",
        ),
      );
      await pipeline(Readable.from([`${tsv}\n`]), stream);
      copyTimes.push(performance.now() - c0);
      void pb;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const api = median(apiTimes);
    const copy = median(copyTimes);
    console.log(
      `import via API (parse + validate + diff + commit), median of 3: ${api.toFixed(0)} ms   [${apiTimes.map((t) => t.toFixed(0)).join(", ")}]`,
    );
    console.log(
      `raw COPY of the same rows, median of 3:                         ${copy.toFixed(0)} ms   [${copyTimes.map((t) => t.toFixed(0)).join(", ")}]`,
    );
    console.log(`ratio: ${(api / copy).toFixed(1)}× COPY   goals: ≤ 2,000 ms and ≤ 5× COPY`);
  } finally {
    await client.end();
    await db.$disconnect();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
