import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { writeCabinet } from "@/lib/cab";
import { seededRandom } from "@/lib/test/phonebook-gen";
import { legacyPhoneBook } from "./legacy-fixture";
import { parseAdoption } from "./parse-adoption";
import { readAdoptionUpload } from "./read-adoption-upload";
import type { TAdoptionResult } from "./types";

// Garbage in gives a structured answer out: never a throw, and every error names a file
// and says why (what the route turns into a 4xx).

const rand = seededRandom(4242);
const int = (n: number) => Math.floor(rand() * n);

function expectStructured(result: TAdoptionResult<unknown>): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.totalErrors).toBeGreaterThanOrEqual(result.errors.length);
  for (const e of result.errors) {
    expect(typeof e.file).toBe("string");
    expect(e.file.length).toBeGreaterThan(0);
    expect(e.line === null || (Number.isInteger(e.line) && e.line >= 1)).toBe(true);
    expect(typeof e.message).toBe("string");
    expect(e.message.length).toBeGreaterThan(5);
  }
}

function mutate(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.subarray(0, rand() < 0.3 ? int(bytes.length + 1) : bytes.length));
  const flips = 1 + int(8);
  for (let i = 0; i < flips && out.length > 0; i++) {
    // Bias towards the headers, where a wrong number hurts most.
    const at = rand() < 0.6 ? int(Math.min(out.length, 120)) : int(out.length);
    out[at] = int(256);
  }
  return out;
}

const ALPHABET = '0123456789,,,,,--  abcXYZ\r\n\n\t"#*\u00e9\u0000\u00ff';
function garbageText(length: number): Uint8Array {
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHABET[int(ALPHABET.length)];
  return new Uint8Array(Buffer.from(text, "latin1"));
}

describe("adoption input fuzz", () => {
  const book = legacyPhoneBook(300, { seed: 9, regionCount: 12 });
  const files = [
    { name: "x.pbk", data: Buffer.from(book.pbk) },
    { name: "x.pbr", data: Buffer.from(book.pbr) },
    { name: "x.ver", data: Buffer.from(book.ver) },
  ];
  const cab = writeCabinet(files);

  it("mutated cabs, zips and random bodies never throw", async () => {
    const zip = new JSZip();
    for (const f of files) zip.file(f.name, f.data);
    const zipBytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    const types = ["application/vnd.ms-cab-compressed", "application/zip", "application/octet-stream", "text/plain", ""];
    for (let i = 0; i < 400; i++) {
      const pick = i % 4;
      const bytes =
        pick === 0
          ? mutate(cab)
          : pick === 1
            ? mutate(zipBytes)
            : pick === 2
              ? garbageText(int(200))
              : mutate(new Uint8Array(Buffer.from("MSCF\0\0\0\0")));
      const contentType = types[int(types.length)] as string;
      const upload = rand() < 0.2 ? { files: [{ name: rand() < 0.5 ? "a.cab" : "a.zip", bytes }] } : { contentType, bytes };
      const result = await readAdoptionUpload(upload);
      expectStructured(result);
      if (result.ok) expectStructured(parseAdoption(result.value));
    }
  });

  it("random .pbk, .pbr and .ver text never throws", () => {
    for (let i = 0; i < 400; i++) {
      const pbk = i % 2 === 0 ? garbageText(int(600)) : mutate(book.pbk);
      const pbr = i % 3 === 0 ? garbageText(int(100)) : i % 3 === 1 ? mutate(book.pbr) : book.pbr;
      const ver = i % 5 === 0 ? null : { name: "x.ver", bytes: i % 2 === 0 ? garbageText(int(8)) : book.ver };
      const versionParam = i % 7 === 0 ? String(int(40_000)) : i % 7 === 1 ? "x" : undefined;
      expectStructured(parseAdoption({ pbk: { name: "x.pbk", bytes: pbk }, pbr: { name: "x.pbr", bytes: pbr }, ver, versionParam }));
    }
  });
});
