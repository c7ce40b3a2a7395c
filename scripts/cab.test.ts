import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCabinet } from "../lib/cab";
import { extractWith, makeTempDir } from "../lib/cab/test-tools";
import { generatePhoneBook } from "../lib/test/phonebook-gen";

const ROOT = resolve(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CLI = join(ROOT, "scripts", "cab.ts");
const dir = makeTempDir("cab-cli-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [CLI, ...args], { cwd: dir, encoding: "utf8" });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("scripts/cab.ts", () => {
  it("prints usage and exits 2 without arguments or without input files", () => {
    for (const args of [[], ["out.cab"]]) {
      const r = cli(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("usage: npm run cab -- <out.cab> <file>...");
    }
  });

  it("exits 2 on an unknown option or a non-.cab output", () => {
    expect(cli("out.cab", "--fast", "x").status).toBe(2);
    expect(cli("a.txt", "b.txt").status).toBe(2);
  });

  it("says which input is missing and exits 1", () => {
    const r = cli("out.cab", "does-not-exist.txt");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("input file not found: does-not-exist.txt");
  });

  it("packs files by basename with their mtimes, extractable by cabextract", () => {
    mkdirSync(join(dir, "in", "deep"), { recursive: true });
    const pbk = generatePhoneBook(3000, 31);
    writeFileSync(join(dir, "in", "deep", "pbk.pbk"), pbk);
    writeFileSync(join(dir, "in", "pbk.pbr"), "[Regions]\r\n");
    writeFileSync(join(dir, "in", "empty.txt"), "");
    const mtime = new Date(Date.UTC(2023, 0, 15, 8, 30, 20));
    utimesSync(join(dir, "in", "deep", "pbk.pbk"), mtime, mtime);

    const r = cli("out.cab", "in/deep/pbk.pbk", "in/pbk.pbr", "in/empty.txt");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const cab = readFileSync(join(dir, "out.cab"));
    const files = readCabinet(cab).files;
    expect(files.map((f) => f.name)).toEqual(["pbk.pbk", "pbk.pbr", "empty.txt"]);
    expect(files[0]?.date.toISOString()).toBe("2023-01-15T08:30:20.000Z");
    const got = extractWith("cabextract", cab);
    expect(got.get("pbk.pbk")?.equals(pbk)).toBe(true);
    expect(got.get("pbk.pbr")?.toString()).toBe("[Regions]\r\n");
    expect(got.get("empty.txt")?.length).toBe(0);
  });

  it("reports duplicate basenames as a CabError and exits 1", () => {
    mkdirSync(join(dir, "d1"), { recursive: true });
    mkdirSync(join(dir, "d2"), { recursive: true });
    writeFileSync(join(dir, "d1", "same.txt"), "1");
    writeFileSync(join(dir, "d2", "SAME.txt"), "2");
    const r = cli("dup.cab", "d1/same.txt", "d2/SAME.txt");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error (DUPLICATE_NAME)");
  });
});
