/**
 * Benchmark: publish of a 65,000-POP phone book on the filesystem adapter (render + Full +
 * 5 Delta cabs + store + activate), SPEC §9 goal ≤ 3 s. Also prints the render + delta time
 * and the cab size against `gcab -cz` on the same .pbk. Throw-away database; figures only.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openScratchDatabase } from "@/lib/test/scratch-db";

async function main(): Promise<void> {
  const scratch = await openScratchDatabase("pba_bench_publish");
  const dbName = scratch.name;
  const { db } = await import("@/lib/server/db");
  const { seedPops } = await import("@/lib/test/seed-pops");
  const { publishVersion } = await import("@/lib/server/versions/publish-version");
  const { FilesystemStorage } = await import("@/lib/server/storage/filesystem");
  const { versionKey } = await import("@/lib/phonebook/artifact-names");
  const dir = mkdtempSync(path.join(tmpdir(), "pba-bench-publish-"));
  const storage = new FilesystemStorage(dir);
  try {
    const org = await db.organization.create({ data: { slug: `bench-${Date.now()}`, name: "bench" } });
    const user = await db.user.create({ data: { email: `${dbName}@bench`, passwordHash: "x" } });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role: "owner" } });
    const pb = await db.phonebook.create({ data: { orgId: org.id, name: "BENCH", nameKey: "BENCH" } });
    const regions = await Promise.all(
      Array.from({ length: 40 }, (_, i) => db.region.create({ data: { phonebookId: pb.id, name: `Region ${i}`, nameKey: `region ${i}` } })),
    );
    await seedPops(
      pb.id,
      65_000,
      regions.map((r) => r.id),
    );
    const actor = {
      userId: user.id,
      email: user.email,
      orgId: org.id,
      orgSlug: org.slug,
      orgName: org.name,
      role: "owner" as const,
      via: "token" as const,
    };
    const times: number[] = [];
    for (let v = 1; v <= 7; v++) {
      if (v > 1) {
        // ~100 edits per round so each delta is a few KB.
        await db.$executeRaw`UPDATE pop SET access_number = access_number || ${String(v % 10)} WHERE phonebook_id = ${pb.id}::uuid AND pop_index % 650 = ${v}`;
      }
      const t0 = performance.now();
      const result = await publishVersion({ actor, phonebookName: "BENCH", storage });
      times.push(performance.now() - t0);
      if (v === 7) {
        console.log(`version ${result.version}: ${result.artifacts.length} files`);
        for (const a of result.artifacts) console.log(`  ${a.name.padEnd(24)} ${a.size.toLocaleString("en").padStart(12)} B`);
      }
    }
    console.log(`\npublish of 65,000 POPs (render + Full + deltas + store + activate):`);
    console.log(
      `  v1 (full only): ${times[0]?.toFixed(0)} ms; v6, v7 (full + 5 deltas): ${times[5]?.toFixed(0)} ms, ${times[6]?.toFixed(0)} ms   goal ≤ 3,000 ms`,
    );

    const pbkPath = path.join(dir, versionKey(org.slug, "BENCH", 7, "BENCH.pbk"));
    const ours = statSync(path.join(dir, versionKey(org.slug, "BENCH", 7, "BENCH_7_full.cab"))).size;
    const gdir = mkdtempSync(path.join(tmpdir(), "pba-gcab-"));
    writeFileSync(path.join(gdir, "BENCH.pbk"), readFileSync(pbkPath));
    const g0 = performance.now();
    execFileSync("gcab", ["-cz", path.join(gdir, "g.cab"), "BENCH.pbk"], { cwd: gdir });
    const gt = performance.now() - g0;
    const gsize = statSync(path.join(gdir, "g.cab")).size;
    console.log(
      `\nfull cab (pbk + pbr + ver): ${ours.toLocaleString("en")} B; gcab -cz of the .pbk alone: ${gsize.toLocaleString("en")} B in ${gt.toFixed(0)} ms`,
    );
    console.log(`  size ratio ours/gcab: ${(ours / gsize).toFixed(3)} (goal within 2 % or smaller)`);
  } finally {
    await db.$disconnect();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
