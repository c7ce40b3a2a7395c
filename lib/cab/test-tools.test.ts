import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("cabinet interop tools", () => {
  it("a missing extractor fails the importing test file at once with one line naming the apt packages", () => {
    // An empty folder as PATH: none of cabextract, gcab, 7zz is found.
    const empty = mkdtempSync(path.join(tmpdir(), "no-tools-"));
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "-e", "import('./lib/cab/test-tools.ts').then(() => console.log('loaded'))"],
      { cwd: process.cwd(), encoding: "utf8", env: { PATH: empty, HOME: process.env.HOME, NODE_ENV: "test" } },
    );
    rmSync(empty, { recursive: true });
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain("loaded");
    expect(r.stderr).toContain(
      "cabinet interop tests need cabextract, gcab, 7zz on PATH: install with `apt-get install cabextract gcab 7zip` (Debian/Ubuntu; .ci/run does this)",
    );
  });
});
