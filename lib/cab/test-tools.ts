/**
 * Test-only helpers: run the real extractors (cabextract, gcab, 7zz) on a
 * cabinet and collect what they produced. A missing tool fails the importing
 * test file at once instead of skipping it. Not exported from index.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";

const TOOL_PACKAGES = { cabextract: "cabextract", gcab: "gcab", "7zz": "7zip" } as const;
export type ToolName = keyof typeof TOOL_PACKAGES;
export const TOOL_NAMES = Object.keys(TOOL_PACKAGES) as ToolName[];

/** The first `name` on PATH, or undefined. */
function findOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  return dirs.map((dir) => join(dir, name)).find((candidate) => existsSync(candidate));
}

/**
 * Where each extractor lives. Resolved when a test file imports this module: a missing
 * tool fails that file at once with one line saying how to install it, never a skip.
 */
export const TOOLS: Record<ToolName, string> = (() => {
  const found = TOOL_NAMES.map((name) => [name, findOnPath(name)] as const);
  const missing = found.filter(([, at]) => !at).map(([name]) => name);
  if (missing.length > 0) {
    const packages = missing.map((name) => TOOL_PACKAGES[name]).join(" ");
    throw new Error(
      `cabinet interop tests need ${missing.join(", ")} on PATH: install with \`apt-get install ${packages}\` (Debian/Ubuntu; .ci/run does this)`,
    );
  }
  return Object.fromEntries(found) as Record<ToolName, string>;
})();

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runTool(tool: ToolName, args: string[], cwd?: string): ToolResult {
  const path = TOOLS[tool];
  const r = spawnSync(path, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`running ${tool} failed: ${r.error.message}`);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function makeTempDir(prefix = "cab-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function collect(root: string, dir = root, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, ent.name);
    if (ent.isDirectory()) collect(root, full, out);
    else out.set(relative(root, full).split("\\").join("/"), readFileSync(full));
  }
  return out;
}

/**
 * Extracts `cab` with `tool` into a fresh directory and returns every file
 * it produced (path relative to that directory, "/"-separated). For
 * cabextract, `cabextract -t` must pass first. Throws with the tool's output
 * on any non-zero exit.
 */
export function extractWith(tool: ToolName, cab: Buffer): Map<string, Buffer> {
  const dir = makeTempDir();
  try {
    const cabPath = join(dir, "in.cab");
    writeFileSync(cabPath, cab);
    const outDir = join(dir, "out");
    mkdirSync(outDir);
    let r: ToolResult;
    if (tool === "cabextract") {
      const t = runTool(tool, ["-t", cabPath]);
      if (t.status !== 0) throw new Error(`cabextract -t failed (${t.status}):\n${t.stdout}${t.stderr}`);
      r = runTool(tool, ["-q", "-d", outDir, cabPath]);
    } else if (tool === "gcab") {
      r = runTool(tool, ["-x", "-C", outDir, cabPath]);
    } else {
      r = runTool(tool, ["x", "-y", `-o${outDir}`, cabPath]);
    }
    if (r.status !== 0) throw new Error(`${tool} failed (${r.status}):\n${r.stdout}${r.stderr}`);
    return collect(outDir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
