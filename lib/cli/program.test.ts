import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "./program";

const TOKEN = `pba_${"a".repeat(43)}`;

/** Runs `pba` in memory; `fetch` answers what the test gives (the e2e spec runs it against the app). */
async function run(
  argv: string[],
  options: { env?: Record<string, string>; answer?: (url: string) => Response; isTTY?: boolean; cwd?: string } = {},
) {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.isTTY });
  const stderr = new PassThrough();
  const chunks = { out: "", err: "" };
  stdout.on("data", (c: Buffer) => (chunks.out += c.toString()));
  stderr.on("data", (c: Buffer) => (chunks.err += c.toString()));
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetchFn: typeof fetch = (url, init) => {
    const href = url instanceof Request ? url.url : url.toString();
    calls.push({ url: href, init });
    return Promise.resolve(options.answer ? options.answer(href) : new Response("{}", { status: 500 }));
  };
  const env = options.env ?? { PBA_URL: "https://pba.example.com/", PBA_TOKEN: TOKEN };
  const code = await runCli(argv, { stdout, stderr, env, cwd: options.cwd ?? "/", fetch: fetchFn });
  return { code, ...chunks, calls };
}

const json = (status: number, body: unknown) => () => Response.json(body, { status });

describe("pba command line", () => {
  it("documents the exit codes and the environment in --help", async () => {
    const { code, out } = await run(["--help"], { env: {} });
    expect(code).toBe(0);
    expect(out).toContain("Exit codes:\n  0  success");
    expect(out).toContain("PBA_TOKEN");
  });

  it("exits 2 on usage errors without calling the API", async () => {
    for (const argv of [["frobnicate"], ["import", "PB"], ["download", "PB", "1.5"], ["phonebooks"], ["status", "PB", "--bogus"]]) {
      const result = await run(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.calls).toEqual([]);
    }
  });

  it("exits 3 naming each missing or malformed variable", async () => {
    const missing = await run(["phonebooks", "list"], { env: {} });
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/^pba: error: environment not usable:\n {2}PBA_URL: missing: .+\n {2}PBA_TOKEN: missing: .+\n$/);
    const bad = await run(["--json", "versions", "PB"], { env: { PBA_URL: "ftp://x", PBA_TOKEN: "abc" } });
    expect(bad.code).toBe(3);
    expect(JSON.parse(bad.out)).toMatchObject({ error: { code: "configuration", exitCode: 3 } });
    expect(bad.calls).toEqual([]);
  });

  it("sends the bearer token to PBA_URL/api/v1 and prints the API's error readably", async () => {
    const answer = json(404, { error: { code: "not_found", message: "Phone book NOPE not found", details: null } });
    const result = await run(["status", "NOPE"], { answer });
    expect(result.code).toBe(1);
    expect(result.err).toBe("pba: error (404 not_found): Phone book NOPE not found\n");
    expect(result.calls[0]?.url).toBe("https://pba.example.com/api/v1/phonebooks/NOPE");
    expect(new Headers(result.calls[0]?.init?.headers).get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("maps 401, 403 and 5xx to exit 3 and a non-JSON answer to a short message", async () => {
    const unauthorized = await run(["phonebooks", "list"], { answer: json(401, { error: { code: "unauthorized", message: "Sign in" } }) });
    expect(unauthorized.code).toBe(3);
    const html = await run(["phonebooks", "list"], { answer: () => new Response("<html>\n<b>Bad gateway</b></html>", { status: 502 }) });
    expect(html.code).toBe(3);
    expect(html.err).toBe("pba: error (502 http_error): GET /api/v1/phonebooks: HTTP 502: <html> <b>Bad gateway</b></html>\n");
  });

  it("sends the publish message as a JSON body", async () => {
    const answer = json(201, {
      version: 2,
      artifacts: [{ name: "PB_2_full.cab", size: 10, sha256: "ab" }],
      counts: { added: 1, changed: 0, removed: 0 },
    });
    const result = await run(["publish", "PB", "-m", "weekly feed"], { answer });
    expect(result.code).toBe(0);
    expect(result.out).toBe("published PB version 2: 1 added, 0 changed, 0 removed\n  PB_2_full.cab  10 bytes  sha256 ab\n");
    expect(result.calls[0]?.init?.method).toBe("POST");
    expect(result.calls[0]?.init?.body).toBe('{"message":"weekly feed"}');
  });

  it("downloads to the server's file name when stdout is a terminal, and checks the sha256", async () => {
    const cab = Buffer.from("MSCF fake cabinet bytes");
    const sha256 = createHash("sha256").update(cab).digest("hex");
    const versions = (hash: string) => ({
      versions: [
        {
          version: 1,
          createdAt: "",
          createdBy: "",
          popCount: 1,
          added: 1,
          changed: 0,
          removed: 0,
          artifacts: [{ name: "PB_1_full.cab", kind: "full", size: cab.length, sha256: hash }],
        },
      ],
    });
    const answer = (hash: string) => (url: string) => (url.endsWith("/versions") ? Response.json(versions(hash)) : new Response(cab));
    const cwd = mkdtempSync(path.join(tmpdir(), "pba-test-"));
    const ok = await run(["download", "PB", "1"], { answer: answer(sha256), isTTY: true, cwd });
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(`downloaded PB_1_full.cab to ${path.join(cwd, "PB_1_full.cab")} (${cab.length} bytes, sha256 ${sha256})\n`);
    expect(readFileSync(path.join(cwd, "PB_1_full.cab")).equals(cab)).toBe(true);
    expect(ok.calls.map((c) => c.url)).toEqual([
      "https://pba.example.com/api/v1/phonebooks/PB/versions",
      "https://pba.example.com/api/v1/phonebooks/PB/versions/1/files/PB_1_full.cab",
    ]);
    const corrupt = await run(["download", "PB", "1", "-o", "x.cab"], { answer: answer("0".repeat(64)), cwd });
    expect(corrupt.code).toBe(3);
    expect(corrupt.err).toContain("differs from the published");
  });
});
