import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLineBuffer } from "./log-lines";

describe("createLineBuffer", () => {
  it("writes every line once, in order, only when a block is full or flushed", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "pba-log-lines-")), "out.log");
    const fd = openSync(file, "a");
    try {
      const buffer = createLineBuffer(fd, 100);
      const lines = Array.from({ length: 50 }, (_, i) => `${JSON.stringify({ i, pad: "x".repeat(i % 40) })}\n`);
      const long = `${"y".repeat(250)}\n`;
      for (const line of lines.slice(0, 3)) buffer.write(line);
      expect(readFileSync(file, "utf8")).toBe(""); // still buffered: under 100 bytes
      for (const line of lines.slice(3)) buffer.write(line);
      buffer.write(long);
      const before = readFileSync(file, "utf8");
      // Whole lines only, each block at most 100 bytes: what is written ends with a line.
      expect(before.endsWith("\n")).toBe(true);
      expect(lines.join("").startsWith(before)).toBe(true);
      buffer.flushSync();
      expect(readFileSync(file, "utf8")).toBe(lines.join("") + long);
      buffer.flush(); // nothing pending: writes nothing
      expect(readFileSync(file, "utf8")).toBe(lines.join("") + long);
    } finally {
      closeSync(fd);
    }
  });
});
