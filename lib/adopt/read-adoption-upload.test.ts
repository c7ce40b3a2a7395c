import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { writeCabinet } from "@/lib/cab";
import { extractWith, makeTempDir, runTool, TOOL_NAMES } from "@/lib/cab/test-tools";
import { legacyPhoneBook } from "./legacy-fixture";
import { parseAdoption } from "./parse-adoption";
import { CAB_CONTENT_TYPE, MAX_ADOPTION_BYTES, readAdoptionUpload, ZIP_CONTENT_TYPE, type TAdoptionUpload } from "./read-adoption-upload";
import type { TAdoptionFiles, TAdoptionIssue } from "./types";

const book = legacyPhoneBook(20_000, { seed: 12 });
const FILES = [
  { name: "PB.PBK", bytes: book.pbk },
  { name: "pb.Pbr", bytes: book.pbr },
  { name: "pb.ver", bytes: book.ver },
];

function gcab(flags: "-cz" | "-c"): Buffer {
  const dir = makeTempDir("adopt-");
  try {
    for (const file of FILES) writeFileSync(join(dir, file.name), file.bytes);
    const r = runTool("gcab", [flags, join(dir, "out.cab"), ...FILES.map((f) => f.name)], dir);
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(join(dir, "out.cab"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ourCab = writeCabinet(FILES.map((f) => ({ name: f.name, data: Buffer.from(f.bytes) })));

async function zipOf(files: { name: string; bytes: Uint8Array }[]): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const file of files) zip.file(file.name, file.bytes);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

async function found(upload: TAdoptionUpload): Promise<TAdoptionFiles> {
  const result = await readAdoptionUpload(upload);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

async function refused(upload: TAdoptionUpload): Promise<TAdoptionIssue[]> {
  const result = await readAdoptionUpload(upload);
  if (result.ok) throw new Error("expected the upload to be refused");
  expect(result.totalErrors).toBe(result.errors.length);
  return result.errors;
}

function expectTheBook(files: TAdoptionFiles): void {
  expect(Buffer.from(files.pbk.bytes).equals(Buffer.from(book.pbk))).toBe(true);
  expect(Buffer.from(files.pbr.bytes).equals(Buffer.from(book.pbr))).toBe(true);
  expect(Buffer.from(files.ver?.bytes ?? []).equals(Buffer.from(book.ver))).toBe(true);
  const parsed = parseAdoption(files);
  expect(parsed.ok && parsed.value.pops.length).toBe(20_000);
  expect(parsed.ok && parsed.value.version).toBe(37);
}

describe("readAdoptionUpload: a Full cab as PBA posted it", () => {
  it("reads gcab's MSZIP cab (gcab -cz)", async () => {
    const cab = gcab("-cz");
    expect(cab.readUInt16LE(36 + 6)).toBe(1); // CFFOLDER typeCompress MSZIP
    const files = await found({ contentType: CAB_CONTENT_TYPE, bytes: cab });
    expect(files.container).toBe("cab");
    expect([files.pbk.name, files.pbr.name, files.ver?.name]).toEqual(["PB.PBK", "pb.Pbr", "pb.ver"]);
    expectTheBook(files);
  });

  it("reads gcab's stored cab (gcab -c, typeCompress 0)", async () => {
    const cab = gcab("-c");
    expect(cab.readUInt16LE(36 + 6)).toBe(0);
    expectTheBook(await found({ contentType: "Application/Vnd.MS-Cab-Compressed; x=1", bytes: cab }));
  });

  it("reads our writer's cab, which cabextract, gcab and 7zz extract to the same bytes", async () => {
    for (const tool of TOOL_NAMES) {
      const out = extractWith(tool, ourCab);
      expect(Buffer.from(out.get("PB.PBK") ?? []).equals(Buffer.from(book.pbk)), tool).toBe(true);
    }
    expectTheBook(await found({ contentType: CAB_CONTENT_TYPE, bytes: ourCab }));
  });

  it("refuses LZX and Quantum folders, naming the compression", async () => {
    for (const [type, name] of [
      [3, "LZX"],
      [2, "Quantum"],
    ] as const) {
      const bad = Buffer.from(ourCab);
      bad.writeUInt16LE(type, 36 + 6);
      expect(await refused({ contentType: CAB_CONTENT_TYPE, bytes: bad })).toEqual([
        {
          file: "request body",
          line: null,
          message: `The cabinet cannot be read: folder 0 uses ${name} compression (type ${type}); only none (0) and MSZIP (1) are supported`,
        },
      ]);
    }
  });

  it("refuses a truncated or corrupt cab with the reader's reason", async () => {
    const [truncated] = await refused({ contentType: CAB_CONTENT_TYPE, bytes: ourCab.subarray(0, ourCab.length - 10) });
    expect(truncated?.message).toMatch(/^The cabinet cannot be read: cabinet is truncated/);
    const flipped = Buffer.from(ourCab);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 100) ^ 0xff, flipped.length - 100);
    const [corrupt] = await refused({ contentType: CAB_CONTENT_TYPE, bytes: flipped });
    expect(corrupt?.message).toMatch(/^The cabinet cannot be read: checksum mismatch in CFDATA block/);
  });
});

describe("adoption rules through a real cab", () => {
  it("a gcab cab with a bad .pbk and .pbr gives errors naming the files as the cab does, with lines", async () => {
    const dir = makeTempDir("adopt-");
    try {
      writeFileSync(
        join(dir, "Bad.PBK"),
        "1,1,1,Aachen,206,5550100,,,0,0,\r\n2,1,3,Zurich,206,5550101,,,0,0\r\n1,1,0,,,5550102,,,0,0,\r\n",
      );
      writeFileSync(join(dir, "Bad.PBR"), "3\r\nZurich\r\nAachen\r\n");
      const r = runTool("gcab", ["-cz", join(dir, "bad.cab"), "Bad.PBK", "Bad.PBR"], dir);
      expect(r.status, r.stderr).toBe(0);
      const files = await found({ contentType: CAB_CONTENT_TYPE, bytes: readFileSync(join(dir, "bad.cab")) });
      expect(files.ver).toBeNull();
      const parsed = parseAdoption({ ...files, versionParam: "37" });
      expect(parsed.ok ? [] : parsed.errors).toEqual([
        { file: "Bad.PBR", line: 1, column: 1, message: "The first line says 3 region(s), but the file lists 2" },
        {
          file: "Bad.PBK",
          line: 2,
          column: 1,
          message: "The line has 9 commas; a client reads only lines of 10 (or 11, with a trailing comma)",
        },
        { file: "Bad.PBK", line: 3, column: 1, message: "POP index 1 is already used on line 1" },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("readAdoptionUpload: a zip", () => {
  it("finds the files by extension in any letter case, in any folder, and lists the others", async () => {
    const zip = await zipOf([
      { name: "export/PB.PBK", bytes: book.pbk },
      { name: "export/PB.PBR", bytes: book.pbr },
      { name: "export/PB.VER", bytes: book.ver },
      { name: "export/readme.txt", bytes: new Uint8Array([0x68, 0x69]) },
    ]);
    const files = await found({ contentType: ZIP_CONTENT_TYPE, bytes: zip });
    expect(files.container).toBe("zip");
    expect(files.ignored).toEqual(["export/readme.txt"]);
    expectTheBook(files);
  });

  it("refuses two .pbk files, naming both, and a missing .pbr", async () => {
    const zip = await zipOf([
      { name: "a.pbk", bytes: book.pbk },
      { name: "B.PBK", bytes: book.pbk },
      { name: "a.ver", bytes: book.ver },
    ]);
    expect(await refused({ contentType: ZIP_CONTENT_TYPE, bytes: zip })).toEqual([
      {
        file: "B.PBK",
        line: null,
        message: 'The zip holds 2 .pbk files ("a.pbk" and "B.PBK"); an adoption takes exactly one',
      },
      { file: ".pbr", line: null, message: 'The zip holds no .pbr file (found: "a.pbk", "B.PBK", "a.ver")' },
    ]);
  });

  it("refuses a corrupt zip", async () => {
    const zip = await zipOf(FILES);
    const [error] = await refused({ contentType: ZIP_CONTENT_TYPE, bytes: zip.subarray(0, 200) });
    expect(error?.file).toBe("request body");
    expect(error?.message).toMatch(/^The zip cannot be read: /);
  });
});

describe("readAdoptionUpload: multipart files", () => {
  it("takes the files as they are", async () => {
    const files = await found({ files: FILES });
    expect(files.container).toBe("files");
    expect(files.pbk.bytes).toBe(book.pbk);
    expectTheBook(files);
  });

  it("opens a single .cab or .zip", async () => {
    expectTheBook(await found({ files: [{ name: "PB_37_full.CAB", bytes: ourCab }] }));
    expectTheBook(await found({ files: [{ name: "legacy.zip", bytes: await zipOf(FILES) }] }));
  });

  it("refuses a .cab beside other files, no .pbk, and a .cab that is not one", async () => {
    expect(await refused({ files: [...FILES, { name: "x.cab", bytes: ourCab }] })).toEqual([
      { file: "x.cab", line: null, message: "Upload either one .cab or .zip, or the .pbk, .pbr and .ver files, not both" },
    ]);
    expect(await refused({ files: [FILES[1]!] })).toEqual([
      { file: ".pbk", line: null, message: 'The upload holds no .pbk file (found: "pb.Pbr")' },
    ]);
    expect(await refused({ files: [{ name: "x.cab", bytes: new Uint8Array(Buffer.from("<html>")) }] })).toEqual([
      {
        file: "x.cab",
        line: null,
        message:
          'This file is not a cabinet or zip: it starts with 3c 68 74 6d 6c 3e ("<html>"); a cabinet starts with "MSCF", a zip with "PK"',
      },
    ]);
  });
});

describe("readAdoptionUpload: archives that unpack to more than any phone book", () => {
  const zeros = Buffer.alloc(MAX_ADOPTION_BYTES + 1);
  const tail = FILES.slice(1);

  it("a cab is stopped at 32 MiB", async () => {
    const bomb = writeCabinet([{ name: "x.pbk", data: zeros }, ...tail.map((f) => ({ name: f.name, data: Buffer.from(f.bytes) }))], {
      level: 1,
    });
    expect(bomb.length).toBeLessThan(2_000_000);
    expect(await refused({ contentType: CAB_CONTENT_TYPE, bytes: bomb })).toEqual([
      { file: "request body", line: null, message: "The cabinet unpacks to more than 32 MiB; no phone book of 65,000 POPs is that large" },
    ]);
  });

  it("a zip is stopped at 32 MiB while it streams", async () => {
    const bomb = await zipOf([{ name: "x.pbk", bytes: zeros }, ...tail]);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await refused({ contentType: ZIP_CONTENT_TYPE, bytes: bomb })).toEqual([
      { file: "request body", line: null, message: "The zip unpacks to more than 32 MiB; no phone book of 65,000 POPs is that large" },
    ]);
  });

  it("multipart files are limited alike", async () => {
    const size = (zeros.length + tail.reduce((n, f) => n + f.bytes.length, 0)).toLocaleString("en-US");
    expect(await refused({ files: [{ name: "x.pbk", bytes: zeros }, ...tail] })).toEqual([
      {
        file: "x.pbk",
        line: null,
        message: `The .pbk, .pbr and .ver hold ${size} bytes, more than 32 MiB; no phone book of 65,000 POPs is that large`,
      },
    ]);
  });
});

describe("readAdoptionUpload: a body that is not a cab or zip", () => {
  it("says what the first bytes look like", async () => {
    expect(await refused({ contentType: CAB_CONTENT_TYPE, bytes: new Uint8Array(Buffer.from("1,1,0,Redmond,425")) })).toEqual([
      {
        file: "request body",
        line: null,
        message:
          'The body is not a cabinet or zip: it starts with 31 2c 31 2c 30 2c 52 65 ("1,1,0,Re"); a cabinet starts with "MSCF", a zip with "PK"',
      },
    ]);
    const [empty] = await refused({ contentType: ZIP_CONTENT_TYPE, bytes: new Uint8Array(0) });
    expect(empty?.message).toBe("The body is not a cabinet or zip: it is empty");
  });

  it("refuses another Content-Type, and one that contradicts the body", async () => {
    expect(await refused({ contentType: "text/plain", bytes: ourCab })).toEqual([
      {
        file: "request body",
        line: null,
        message:
          'Content-Type "text/plain" is not accepted: send application/vnd.ms-cab-compressed, application/zip or multipart/form-data',
      },
    ]);
    expect(await refused({ contentType: ZIP_CONTENT_TYPE, bytes: ourCab })).toEqual([
      { file: "request body", line: null, message: "Content-Type says a zip, but the body is a cabinet" },
    ]);
    expectTheBook(await found({ contentType: "application/octet-stream", bytes: ourCab }));
  });
});
