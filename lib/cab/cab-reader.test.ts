import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { generatePhoneBook } from "../test/phonebook-gen";
import { readCabinet } from "./cab-reader";
import { writeCabinet } from "./cab-writer";
import { CabError } from "./errors";
import type { CabErrorCode } from "./errors";

const DATE = new Date(Date.UTC(2024, 5, 11, 12, 34, 56));

function errorCode(fn: () => unknown): CabErrorCode | "no error" {
  try {
    fn();
  } catch (e) {
    if (e instanceof CabError) return e.code;
    throw e;
  }
  return "no error";
}

describe("readCabinet", () => {
  const pbk = generatePhoneBook(5000, 21);
  const files = [
    { name: "pbk.pbk", data: pbk, date: new Date(Date.UTC(2010, 2, 3, 4, 5, 6)), attributes: 0x21 },
    { name: "empty.txt", data: Buffer.alloc(0) },
    { name: "dir\\x.txt", data: Buffer.from("x\r\n") },
  ];
  const cab = writeCabinet(files, { date: DATE });

  it("round-trips names, data, DOS dates and attributes", () => {
    const back = readCabinet(cab).files;
    expect(back.map((f) => f.name)).toEqual(["pbk.pbk", "empty.txt", "dir\\x.txt"]);
    expect(back[0]?.data.equals(pbk)).toBe(true);
    expect(back[1]?.data.length).toBe(0);
    expect(back[2]?.data.toString()).toBe("x\r\n");
    expect(back.map((f) => f.date.toISOString())).toEqual([
      "2010-03-03T04:05:06.000Z",
      "2024-06-11T12:34:56.000Z",
      "2024-06-11T12:34:56.000Z",
    ]);
    expect(back.map((f) => f.attributes)).toEqual([0x21, 0x20, 0x20]);
  });

  it("reports CHECKSUM_MISMATCH when one CFDATA byte is flipped", () => {
    const coffCabStart = cab.readUInt32LE(36);
    const firstLen = cab.readUInt16LE(coffCabStart + 4);
    // flip a byte inside the second CFDATA's payload
    const second = coffCabStart + 8 + firstLen;
    expect(cab.readUInt32LE(second)).not.toBe(0); // a real checksum is stored
    const bad = Buffer.from(cab);
    bad[second + 8 + 100] = (bad[second + 8 + 100] as number) ^ 0x40;
    expect(errorCode(() => readCabinet(bad))).toBe("CHECKSUM_MISMATCH");
    expect(() => readCabinet(bad)).toThrowError(/checksum mismatch in CFDATA block 1 of folder 0/);
  });

  it("reports CHECKSUM_MISMATCH when cbUncomp is altered (the header is covered too)", () => {
    const bad = Buffer.from(cab);
    const coffCabStart = bad.readUInt32LE(36);
    bad.writeUInt16LE(32767, coffCabStart + 6);
    expect(errorCode(() => readCabinet(bad))).toBe("CHECKSUM_MISMATCH");
  });

  it("reports CORRUPT_DATA for a block without the CK signature and no checksum", () => {
    const bad = Buffer.from(cab);
    const coffCabStart = bad.readUInt32LE(36);
    bad.writeUInt32LE(0, coffCabStart); // csum 0 = not checked
    bad[coffCabStart + 8] = 0x58; // 'X'
    expect(errorCode(() => readCabinet(bad))).toBe("CORRUPT_DATA");
  });

  it("reports NOT_A_CABINET and TRUNCATED", () => {
    expect(errorCode(() => readCabinet(Buffer.from("PK\u0003\u0004 not a cab at all, sorry.............")))).toBe("NOT_A_CABINET");
    expect(errorCode(() => readCabinet(Buffer.alloc(0)))).toBe("NOT_A_CABINET");
    expect(errorCode(() => readCabinet(cab.subarray(0, cab.length - 1)))).toBe("TRUNCATED");
  });

  it("refuses Quantum and LZX folders with UNSUPPORTED, naming the compression", () => {
    for (const [type, name] of [
      [2, "Quantum"],
      [3, "LZX"],
      [0x1203, "LZX"], // LZX with a 2^18 window: the low 4 bits give the method
      [7, "unknown"],
    ] as const) {
      const bad = Buffer.from(cab);
      bad.writeUInt16LE(type, 36 + 6); // CFFOLDER 0 typeCompress
      expect(errorCode(() => readCabinet(bad))).toBe("UNSUPPORTED");
      expect(() => readCabinet(bad)).toThrowError(`folder 0 uses ${name} compression (type ${type & 0xf}); only none (0) and MSZIP (1)`);
    }
  });

  it("refuses with TOO_LARGE a cabinet that unpacks to more than maxBytes, before inflating it", () => {
    expect(readCabinet(cab, { maxBytes: pbk.length + 3 }).files).toHaveLength(3);
    expect(errorCode(() => readCabinet(cab, { maxBytes: pbk.length + 2 }))).toBe("TOO_LARGE");
  });

  it("stops inflating a block past 32 KiB whatever its data holds (CORRUPT_DATA)", () => {
    const small = writeCabinet([{ name: "a.pbk", data: Buffer.from("1,1,0,,,5550100,,,0,0,\r\n") }], { date: DATE });
    const coffCabStart = small.readUInt32LE(36);
    const payload = Buffer.concat([Buffer.from("CK"), deflateRawSync(Buffer.alloc(1024 * 1024))]);
    const header = Buffer.alloc(8);
    header.writeUInt16LE(payload.length, 4); // csum 0: not checked
    header.writeUInt16LE(small.readUInt16LE(coffCabStart + 6), 6);
    const bomb = Buffer.concat([small.subarray(0, coffCabStart), header, payload]);
    bomb.writeUInt32LE(bomb.length, 8);
    expect(errorCode(() => readCabinet(bomb))).toBe("CORRUPT_DATA");
    expect(() => readCabinet(bomb)).toThrowError(/CFDATA block 0 of folder 0: MSZIP inflate failed/);
  });

  it("refuses multi-cabinet sets with UNSUPPORTED", () => {
    const bad = Buffer.from(cab);
    bad.writeUInt16LE(0x0002, 30);
    expect(errorCode(() => readCabinet(bad))).toBe("UNSUPPORTED");
  });
});
