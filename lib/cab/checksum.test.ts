import { describe, expect, it } from "vitest";
import { cabChecksum, cfdataChecksum } from "./checksum";

describe("cabChecksum", () => {
  it("is 0 for no data and keeps the seed", () => {
    expect(cabChecksum(new Uint8Array(0))).toBe(0);
    expect(cabChecksum(new Uint8Array(0), 0xdeadbeef)).toBe(0xdeadbeef);
  });

  it("XORs little-endian 32-bit words", () => {
    expect(cabChecksum(Uint8Array.from([1, 2, 3, 4]))).toBe(0x04030201);
    expect(cabChecksum(Uint8Array.from([1, 2, 3, 4, 1, 2, 3, 4]))).toBe(0);
    expect(cabChecksum(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x80]))).toBe(0x7fffffff);
  });

  it("packs 1-3 trailing bytes first-byte-highest, as the reference implementation", () => {
    expect(cabChecksum(Uint8Array.from([1, 2, 3, 4, 5]))).toBe((0x04030201 ^ 0x05) >>> 0);
    expect(cabChecksum(Uint8Array.from([1, 2, 3, 4, 5, 6]))).toBe((0x04030201 ^ 0x0506) >>> 0);
    expect(cabChecksum(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]))).toBe((0x04030201 ^ 0x050607) >>> 0);
  });

  it("returns an unsigned 32-bit number", () => {
    expect(cabChecksum(Uint8Array.from([0, 0, 0, 0xff]))).toBe(0xff000000);
  });
});

describe("cfdataChecksum", () => {
  it("seeds the header (cbData, cbUncomp as LE u16) with the data checksum", () => {
    const data = Uint8Array.from([0x43, 0x4b, 3, 0]); // "CK" + empty final deflate block
    const dataSum = 0x00034b43;
    const header = 0x00000004; // cbData = 4, cbUncomp = 0
    expect(cfdataChecksum(data, 4, 0)).toBe((dataSum ^ header) >>> 0);
    expect(cfdataChecksum(data, 4, 0x8000)).toBe((dataSum ^ (4 | (0x8000 << 16))) >>> 0);
  });
});
