/**
 * Every cabinet we write must extract byte-identically with the real tools:
 * cabextract (after `cabextract -t`), `gcab -x` and `7zz x`.
 */
import { existsSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatePhoneBook, seededRandom } from "../test/phonebook-gen";
import { writeCabinet } from "./cab-writer";
import type { CabInputFile } from "./cab-writer";
import { readCabinet } from "./cab-reader";
import { extractWith, makeTempDir, runTool, TOOL_NAMES, TOOLS } from "./test-tools";

const DATE = new Date(Date.UTC(2024, 5, 11, 12, 34, 56));

function randomBytes(n: number, seed: number): Buffer {
  const rnd = seededRandom(seed);
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

const CASES: [string, () => CabInputFile[]][] = [
  ["one small file", () => [{ name: "hello.txt", data: Buffer.from("hello, world\r\n") }]],
  ["only an empty file", () => [{ name: "empty.txt", data: Buffer.alloc(0) }]],
  [
    "several files, empty one in the middle, a subdirectory",
    () => [
      { name: "pbk.pbk", data: generatePhoneBook(500, 1) },
      { name: "empty.txt", data: Buffer.alloc(0) },
      { name: "pbk.pbr", data: Buffer.from("[Region]\r\n1=Washington\r\n") },
      { name: "icons\\small.ico", data: randomBytes(766, 2) },
    ],
  ],
  ["a 200 KB phone book", () => [{ name: "200k.pbk", data: generatePhoneBook(65000, 3).subarray(0, 200 * 1024) }]],
  ["a multi-MB phone book (65,000 lines)", () => [{ name: "big.pbk", data: generatePhoneBook(65000, 4) }]],
  ["3 MB of incompressible random data", () => [{ name: "random.bin", data: randomBytes(3 * 1024 * 1024 + 123, 5) }]],
  [
    "file boundaries straddling 32 KiB blocks, text and random mixed",
    () => [
      { name: "a", data: generatePhoneBook(2000, 6).subarray(0, 32767) },
      { name: "b", data: randomBytes(1, 7) },
      { name: "c", data: randomBytes(32768, 8) },
      { name: "d", data: generatePhoneBook(3000, 9) },
      { name: "e", data: randomBytes(32769, 10) },
      { name: "f", data: generatePhoneBook(10, 11) },
    ],
  ],
  [
    "1,000 tiny files",
    () => {
      const rnd = seededRandom(12);
      return Array.from({ length: 1000 }, (_, i) => {
        const n = Math.floor(rnd() * 60);
        return { name: `f${String(i).padStart(4, "0")}.txt`, data: Buffer.from(`file ${i}\r\n`.repeat(n)) };
      });
    },
  ],
];

describe("tools are installed (a missing tool fails, never skips)", () => {
  it.each(TOOL_NAMES)("%s", (tool) => {
    expect(existsSync(TOOLS[tool])).toBe(true);
  });
});

describe.each(CASES)("%s", (_label, make) => {
  const files = make();
  const cab = writeCabinet(files, { date: DATE });
  const expected = new Map(files.map((f) => [f.name.split("\\").join("/"), Buffer.from(f.data)]));

  it.each(TOOL_NAMES)("extracts byte-identically with %s", (tool) => {
    const got = extractWith(tool, cab);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, data] of expected) {
      const actual = got.get(name);
      expect(actual?.length, name).toBe(data.length);
      expect(actual?.equals(data), name).toBe(true);
    }
  });

  it("round-trips through our reader", () => {
    const back = readCabinet(cab).files;
    expect(back.map((f) => f.name)).toEqual(files.map((f) => f.name));
    back.forEach((f, i) => expect(f.data.equals(Buffer.from((files[i] as CabInputFile).data))).toBe(true));
  });
});

describe("metadata as seen by the tools", () => {
  it("gcab -l and 7zz l show the stored DOS date and attributes", () => {
    const dir = makeTempDir();
    try {
      const path = join(dir, "meta.cab");
      writeFileSync(
        path,
        writeCabinet(
          [
            { name: "ro.txt", data: Buffer.from("r"), attributes: 0x21, date: new Date(Date.UTC(2001, 8, 9, 1, 46, 41)) },
            { name: "plain.txt", data: Buffer.from("p") },
          ],
          { date: DATE },
        ),
      );
      const gcab = runTool("gcab", ["-l", path]);
      expect(gcab.status).toBe(0);
      expect(gcab.stdout).toContain("ro.txt 1 2001-09-09 01:46:40 0x21");
      expect(gcab.stdout).toContain("plain.txt 1 2024-06-11 12:34:56 0x20");
      const sz = runTool("7zz", ["l", path]);
      expect(sz.status).toBe(0);
      expect(sz.stdout).toMatch(/2001-09-09 01:46:40 \.R\.\.A\s+1\s+.*ro\.txt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the tools really check what we rely on", () => {
  it("cabextract -t fails on a cabinet with a corrupted CFDATA byte (so checksums are verified)", () => {
    const cab = writeCabinet([{ name: "x.txt", data: generatePhoneBook(2000, 13) }], { date: DATE });
    const firstData = cab.readUInt32LE(36) + 8 + 2; // coffCabStart + CFDATA header + "CK"
    cab[firstData + 20] = (cab[firstData + 20] as number) ^ 0x01;
    const dir = makeTempDir();
    try {
      const path = join(dir, "bad.cab");
      writeFileSync(path, cab);
      const r = runTool("cabextract", ["-t", path]);
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/checksum/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a cabinet with zero files is rejected by cabextract, which is why writeCabinet refuses NO_FILES", () => {
    // Hand-built: CFHEADER + one CFFOLDER with no CFDATA, cFiles = 0.
    const z = Buffer.alloc(44);
    z.write("MSCF", 0, "latin1");
    z.writeUInt32LE(44, 8);
    z.writeUInt32LE(44, 16);
    z[24] = 3;
    z[25] = 1;
    z.writeUInt16LE(1, 26);
    z.writeUInt32LE(44, 36);
    z.writeUInt16LE(1, 42);
    const dir = makeTempDir();
    try {
      const path = join(dir, "zero.cab");
      writeFileSync(path, z);
      expect(runTool("cabextract", ["-t", path]).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("our reader reads gcab's own MSZIP and uncompressed cabinets (independent check of checksum and MSZIP decoding)", () => {
    const dir = makeTempDir();
    try {
      const a = generatePhoneBook(20000, 14);
      const b = randomBytes(100000, 15);
      writeFileSync(join(dir, "a.pbk"), a);
      writeFileSync(join(dir, "b.bin"), b);
      for (const flags of ["-cz", "-c"]) {
        const out = join(dir, `g${flags}.cab`);
        const r = runTool("gcab", [flags, out, "a.pbk", "b.bin"], dir);
        expect(r.status, r.stderr).toBe(0);
        const cab = readFileSync(out);
        // CFFOLDER 0 typeCompress: MSZIP (1) with -z, stored (0) without
        expect(cab.readUInt16LE(36 + 6)).toBe(flags === "-cz" ? 1 : 0);
        const files = readCabinet(cab).files;
        expect(files.map((f) => f.name)).toEqual(["a.pbk", "b.bin"]);
        expect(files[0]?.data.equals(a)).toBe(true);
        expect(files[1]?.data.equals(b)).toBe(true);
        // gcab writes real checksums: at least one non-zero csum was verified
        expect(cab.readUInt32LE(cab.readUInt32LE(36))).not.toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
