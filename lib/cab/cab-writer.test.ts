import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../test/phonebook-gen";
import { writeCabinet, writeCabinetAsync } from "./cab-writer";
import type { CabInputFile } from "./cab-writer";
import { cfdataChecksum } from "./checksum";
import { toDosDateTime } from "./dos-date";
import { CabError } from "./errors";
import type { CabErrorCode } from "./errors";
import { MAX_FOLDER_UNCOMPRESSED } from "./format";

const DATE = new Date(Date.UTC(2024, 5, 11, 12, 34, 56));

function randomBytes(n: number, seed: number): Buffer {
  const rnd = seededRandom(seed);
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

function text(n: number): Buffer {
  const line = Buffer.from("23,1,2,Redmond,425,5550134,9600,56000,0,96,MyISP\r\n");
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i += line.length) line.copy(b, i, 0, Math.min(line.length, n - i));
  return b;
}

function errorCode(fn: () => unknown): CabErrorCode | "no error" {
  try {
    fn();
  } catch (e) {
    if (e instanceof CabError) return e.code;
    throw e;
  }
  return "no error";
}

/** Parses our output independently of cab-reader.ts and checks every structural invariant. */
function checkStructure(cab: Buffer, files: CabInputFile[]): void {
  expect(cab.toString("latin1", 0, 4)).toBe("MSCF");
  expect(cab.readUInt32LE(4)).toBe(0); // reserved1
  expect(cab.readUInt32LE(8)).toBe(cab.length); // cbCabinet
  expect(cab.readUInt32LE(12)).toBe(0); // reserved2
  expect(cab.readUInt32LE(16)).toBe(44); // coffFiles: right after CFHEADER + one CFFOLDER
  expect(cab.readUInt32LE(20)).toBe(0); // reserved3
  expect(cab[24]).toBe(3); // versionMinor
  expect(cab[25]).toBe(1); // versionMajor
  expect(cab.readUInt16LE(26)).toBe(1); // cFolders
  expect(cab.readUInt16LE(28)).toBe(files.length); // cFiles
  expect(cab.readUInt16LE(30)).toBe(0); // flags
  expect(cab.readUInt16LE(34)).toBe(0); // iCabinet

  const total = files.reduce((s, f) => s + f.data.length, 0);
  const coffCabStart = cab.readUInt32LE(36);
  const cCFData = cab.readUInt16LE(40);
  expect(cab.readUInt16LE(42)).toBe(1); // typeCompress = MSZIP
  expect(cCFData).toBe(Math.ceil(total / 32768));

  let p = 44;
  let offset = 0;
  for (const f of files) {
    expect(cab.readUInt32LE(p)).toBe(f.data.length);
    expect(cab.readUInt32LE(p + 4)).toBe(offset);
    expect(cab.readUInt16LE(p + 8)).toBe(0);
    const dt = toDosDateTime(f.date ?? DATE);
    expect(cab.readUInt16LE(p + 10)).toBe(dt.date);
    expect(cab.readUInt16LE(p + 12)).toBe(dt.time);
    expect(cab.readUInt16LE(p + 14)).toBe(f.attributes ?? 0x20);
    expect(cab.toString("latin1", p + 16, p + 16 + f.name.length)).toBe(f.name);
    expect(cab[p + 16 + f.name.length]).toBe(0);
    p += 16 + f.name.length + 1;
    offset += f.data.length;
  }
  expect(coffCabStart).toBe(p);

  const stream = Buffer.concat(files.map((f) => Buffer.from(f.data)));
  let prev: Buffer | undefined;
  for (let i = 0; i < cCFData; i++) {
    const csum = cab.readUInt32LE(p);
    const cbData = cab.readUInt16LE(p + 4);
    const cbUncomp = cab.readUInt16LE(p + 6);
    const data = cab.subarray(p + 8, p + 8 + cbData);
    expect(data.length).toBe(cbData);
    expect(data.toString("latin1", 0, 2)).toBe("CK");
    expect(csum).toBe(cfdataChecksum(data, cbData, cbUncomp));
    expect(cbUncomp).toBe(i < cCFData - 1 ? 32768 : total - 32768 * i);
    // each block is a complete deflate stream (inflate throws on a missing final block)
    const block = inflateRawSync(data.subarray(2), prev ? { dictionary: prev } : {});
    expect(block.equals(stream.subarray(32768 * i, 32768 * i + cbUncomp))).toBe(true);
    prev = block;
    p += 8 + cbData;
  }
  expect(p).toBe(cab.length);
}

describe("writeCabinet structure", () => {
  const cases: [string, CabInputFile[]][] = [
    ["one small file", [{ name: "hello.txt", data: Buffer.from("hello, world\r\n") }]],
    ["one empty file", [{ name: "empty.txt", data: Buffer.alloc(0) }]],
    [
      "several files with boundaries inside blocks",
      [
        { name: "a.txt", data: text(32767) },
        { name: "b.bin", data: randomBytes(32770, 1), attributes: 0x01 },
        { name: "empty", data: new Uint8Array(0) },
        { name: "sub\\c.txt", data: text(1), date: new Date(Date.UTC(2001, 0, 2, 3, 4, 6)) },
        { name: "d.txt", data: new Uint8Array(text(100000)) },
      ],
    ],
    ["200 KB text", [{ name: "pbk.txt", data: text(200 * 1024) }]],
    ["1 MB random", [{ name: "rnd.bin", data: randomBytes(1 << 20, 2) }]],
    ["exactly two blocks", [{ name: "two.txt", data: text(65536) }]],
  ];
  it.each(cases)("%s", (_label, files) => {
    const cab = writeCabinet(files, { date: DATE, setId: 0x1234 });
    checkStructure(cab, files);
    expect(cab.readUInt16LE(32)).toBe(0x1234);
  });

  it("is deterministic and the async variant produces identical bytes", async () => {
    const files = [
      { name: "x.txt", data: text(300000) },
      { name: "y.bin", data: randomBytes(70000, 3) },
    ];
    const a = writeCabinet(files, { date: DATE });
    const b = writeCabinet(files, { date: DATE });
    const c = await writeCabinetAsync(files, { date: DATE });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(true);
  });

  it("compresses text well and keeps random data within stored-block overhead", () => {
    const t = writeCabinet([{ name: "t", data: text(1 << 20) }], { date: DATE });
    expect(t.length).toBeLessThan((1 << 20) / 20);
    const r = writeCabinet([{ name: "r", data: randomBytes(1 << 20, 4) }], { date: DATE });
    // per block: 8-byte CFDATA header + "CK" + a few 5-byte stored-block headers
    expect(r.length).toBeLessThan((1 << 20) + 32 * 40 + 100);
  });

  it("uses the current time when no date is given", () => {
    const before = toDosDateTime(new Date());
    const cab = writeCabinet([{ name: "now.txt", data: Buffer.from("x") }]);
    const date = cab.readUInt16LE(44 + 10);
    expect(date).toBeGreaterThanOrEqual(before.date);
  });
});

describe("writeCabinet validation", () => {
  const one = (name: string): CabInputFile[] => [{ name, data: Buffer.from("x") }];

  it("refuses zero files with NO_FILES", () => {
    expect(errorCode(() => writeCabinet([]))).toBe("NO_FILES");
  });

  it("refuses empty names", () => {
    expect(errorCode(() => writeCabinet(one("")))).toBe("EMPTY_NAME");
  });

  it("accepts a 255-byte name and refuses 256 bytes", () => {
    expect(errorCode(() => writeCabinet(one("a".repeat(255)), { date: DATE }))).toBe("no error");
    expect(errorCode(() => writeCabinet(one("a".repeat(256))))).toBe("NAME_TOO_LONG");
  });

  it.each([
    "café.txt",
    "日本.txt",
    "a\nb",
    "tab\there",
    "nul\u0000",
    "del\u007f",
    "a/b.txt",
    "what?.txt",
    "c:x",
    "\\lead",
    "trail\\",
    "a\\\\b",
    "..\\evil",
    ".",
  ])("refuses the name %j with INVALID_NAME", (name) => {
    expect(errorCode(() => writeCabinet(one(name)))).toBe("INVALID_NAME");
  });

  it("says which character is wrong", () => {
    expect(() => writeCabinet(one("café.txt"))).toThrowError(/non-ASCII character \(U\+00E9\) at position 3/);
  });

  it("refuses case-insensitive duplicates", () => {
    const files = [
      { name: "PBK.pbk", data: Buffer.from("1") },
      { name: "pbk.PBK", data: Buffer.from("2") },
    ];
    expect(errorCode(() => writeCabinet(files))).toBe("DUPLICATE_NAME");
  });

  it("refuses more than 65,535 files", () => {
    const empty = Buffer.alloc(0);
    const files = Array.from({ length: 65536 }, (_, i) => ({ name: `f${i}`, data: empty }));
    expect(errorCode(() => writeCabinet(files))).toBe("TOO_MANY_FILES");
  });

  it("refuses a total over the folder limit (65,535 x 32 KiB) and names the numbers", () => {
    // 9 x 256 MiB = 2.25 GiB; the same (lazily zeroed) buffer is reused, nothing is compressed.
    const big = Buffer.alloc(256 * 1024 * 1024);
    const files = Array.from({ length: 9 }, (_, i) => ({ name: `big${i}.bin`, data: big }));
    expect(errorCode(() => writeCabinet(files))).toBe("TOO_LARGE");
    expect(() => writeCabinet(files)).toThrowError(new RegExp(`${MAX_FOLDER_UNCOMPRESSED} bytes.*about 2 GiB`));
  });

  it("refuses bad attributes, including _A_NAME_IS_UTF", () => {
    for (const attributes of [0x80, 0x100, 0x08, -1, 1.5]) {
      expect(errorCode(() => writeCabinet([{ name: "a", data: Buffer.alloc(1), attributes }]))).toBe("INVALID_ATTRIBUTES");
    }
    expect(errorCode(() => writeCabinet([{ name: "a", data: Buffer.alloc(1), attributes: 0x67 }]))).toBe("no error");
  });

  it("refuses dates outside the DOS range", () => {
    expect(errorCode(() => writeCabinet([{ name: "a", data: Buffer.alloc(1), date: new Date(Date.UTC(1970, 0, 1)) }]))).toBe(
      "INVALID_DATE",
    );
    expect(errorCode(() => writeCabinet(one("a"), { date: new Date(NaN) }))).toBe("INVALID_DATE");
  });

  it("refuses bad options", () => {
    expect(errorCode(() => writeCabinet(one("a"), { level: 0 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => writeCabinet(one("a"), { level: 10 }))).toBe("INVALID_OPTION");
    expect(errorCode(() => writeCabinet(one("a"), { setId: 65536 }))).toBe("INVALID_OPTION");
  });

  it("rejects in the async variant too", async () => {
    await expect(writeCabinetAsync([])).rejects.toMatchObject({ code: "NO_FILES" });
  });
});
