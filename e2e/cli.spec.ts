import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_DATABASE_URL } from "../playwright.config";

// The `pba` command-line tool (bin/pba.mjs → dist/pba.mjs, built by the webServer's
// `npm run build`) run as a child process against the app, as a CI job would run it.

type TRun = { status: number | null; stdout: Buffer; stderr: string; out: string };

function pba(args: string[], env: Record<string, string>, options: { cwd?: string } = {}): TRun {
  const result = spawnSync(process.execPath, [path.resolve("bin/pba.mjs"), ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    maxBuffer: 50 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString("utf8"), out: result.stdout.toString("utf8") };
}

const HEADER = "popIndex;countryCode;region;name;areaCode;accessNumber;flags";

test("pba: list, import (grouped errors, then a good file), status, publish, versions, export, download", async ({ request, baseURL }) => {
  const suffix = Date.now().toString(36);
  const org = `cli-${suffix}`;
  const token = execFileSync(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "scripts/token.ts", "--email", `ci-${suffix}@cli.example`, "--org", org, "--role", "admin"],
    { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .at(-1);
  expect(token).toMatch(/^pba_/);
  const env = { PBA_URL: baseURL ?? "", PBA_TOKEN: token ?? "" };
  const pb = `C${suffix.slice(-6).toUpperCase()}`;
  const created = await request.post("/api/v1/phonebooks", { headers: { authorization: `Bearer ${token}` }, data: { name: pb } });
  expect(created.status()).toBe(201);
  const dir = mkdtempSync(path.join(tmpdir(), "pba-cli-"));

  // phonebooks list: a table, and the API's objects with --json.
  const list = pba(["phonebooks", "list"], env);
  expect(list.status, list.stderr).toBe(0);
  expect(list.out).toMatch(new RegExp(`^NAME\\s+VERSION\\s+POPS\\s+PENDING`, "m"));
  expect(list.out).toMatch(new RegExp(`^${pb}\\s+-\\s+0\\s+0`, "m"));
  const listed = JSON.parse(pba(["--json", "phonebooks", "list"], env).out) as { phonebooks: { name: string; currentVersion: number }[] };
  expect(listed.phonebooks).toEqual([expect.objectContaining({ name: pb, currentVersion: 0, popCount: 0, pendingChanges: 0 })]);

  // A file with errors: exit 1, the errors grouped by field and message with their first lines.
  const bad = [HEADER, "1;49;Bavaria;Munich;089;5551;0", "2;49;Bavaria;Augsburg;0821;CALL-ME;0", "3;abc;Bavaria;Nowhere;089;5553;0"];
  bad.push("4;49;Bavaria;Passau;0851;DIAL-ME;0", "5;49;Bavaria;Ulm;0731;RING;0");
  writeFileSync(path.join(dir, "bad.csv"), bad.join("\n"));
  const refused = pba(["import", pb, "bad.csv", "--dry-run"], env, { cwd: dir });
  expect(refused.status).toBe(1);
  expect(refused.stderr).toContain("nothing was imported");
  expect(refused.stderr).toMatch(
    /^  accessNumber: 3 rows \(lines 3, 5, 6\): Access number .+ \(line 3; the others differ in the value\)$/m,
  );
  expect(refused.stderr).toMatch(/^  countryCode: 1 row \(line 4\): .+$/m);
  expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
  const refusedJson = pba(["import", pb, "bad.csv", "--dry-run", "--json"], env, { cwd: dir });
  expect(refusedJson.status).toBe(1);
  const errorBody = JSON.parse(refusedJson.out) as {
    error: {
      code: string;
      status: number;
      exitCode: number;
      details: { total: number; groups: { field: string; count: number; lines: number[] }[] };
    };
  };
  expect(errorBody.error).toMatchObject({ code: "validation_failed", status: 422, exitCode: 1 });
  expect(errorBody.error.details.groups).toContainEqual(expect.objectContaining({ field: "accessNumber", count: 3, lines: [3, 5, 6] }));

  // A good file: the dry run writes nothing, the import adds three POPs.
  const good = [HEADER, "1;49;Bavaria;Munich;089;5551;0", "2;49;Bavaria;Augsburg;0821;5552;0", "3;49;Swabia;Ulm;0731;5553;0"];
  writeFileSync(path.join(dir, "good.csv"), good.join("\n"));
  const dry = pba(["import", pb, path.join(dir, "good.csv"), "--dry-run"], env);
  expect(dry.status, dry.stderr).toBe(0);
  expect(dry.out).toContain("dry run (nothing written): would import 3 rows (csv, merge): 3 added, 0 updated, 0 deleted, 0 unchanged");
  expect(dry.out).toContain("new regions: Bavaria, Swabia");
  expect((JSON.parse(pba(["--json", "status", pb], env).out) as { pendingChanges: number }).pendingChanges).toBe(0);
  const imported = pba(["import", pb, path.join(dir, "good.csv"), "--json"], env);
  expect(imported.status, imported.out).toBe(0);
  expect(JSON.parse(imported.out)).toMatchObject({ dryRun: false, added: 3, updated: 0, deleted: 0, pendingAfter: 3 });

  // status: version, pending changes and the PBS URL of the organisation.
  const pbsUrl = `${baseURL}/o/${org}/pbserver/pbserver.dll`;
  const status = pba(["status", pb], env);
  expect(status.status, status.stderr).toBe(0);
  expect(status.out).toMatch(/^version\s+never published$/m);
  expect(status.out).toMatch(/^POPs\s+3$/m);
  expect(status.out).toMatch(/^pending\s+3 changes not published yet$/m);
  expect(status.out).toContain(`PBS URL     ${pbsUrl} (phone book ${pb})`);

  // publish (with a message: sent, ignored by the API for now), then versions.
  const published = pba(["publish", pb, "--message", "first from CI"], env);
  expect(published.status, published.stderr).toBe(0);
  expect(published.out).toContain(`published ${pb} version 1: 3 added, 0 changed, 0 removed`);
  expect(published.out).toContain(`${pb}_1_full.cab`);
  const versions = JSON.parse(pba(["versions", pb, "--json"], env).out) as {
    versions: { version: number; popCount: number; artifacts: { name: string; kind: string; sha256: string }[] }[];
  };
  expect(versions.versions.map((v) => [v.version, v.popCount])).toEqual([[1, 3]]);
  const full = versions.versions[0]?.artifacts.find((a) => a.kind === "full");
  expect(full?.name).toBe(`${pb}_1_full.cab`);
  expect(pba(["versions", pb], env).out).toMatch(/^1\s+\S+\s+ci-.+@cli\.example \(API token\)\s+3\s+\+3 ~0 -0\s+\d+$/m);
  const afterPublish = JSON.parse(pba(["status", pb, "--json"], env).out) as Record<string, unknown>;
  expect(afterPublish).toMatchObject({ currentVersion: 1, pendingChanges: 0, popCount: 3, pbsUrl });
  const served = await request.get(String(afterPublish.checkUrl));
  expect(served.status()).toBe(200);
  expect(served.headers()["content-disposition"]).toContain(`${pb}_1_full.cab`);

  // export to stdout (a pipe): the same bytes as the API's export.csv, which lists the three POPs.
  const exported = pba(["export", pb], env);
  expect(exported.status, exported.stderr).toBe(0);
  const apiCsv = await (await request.get(`/api/v1/phonebooks/${pb}/export.csv`, { headers: { authorization: `Bearer ${token}` } })).body();
  expect(exported.stdout.equals(apiCsv)).toBe(true);
  expect(exported.out.trim().split(/\r?\n/)).toHaveLength(4);
  expect(exported.out).toContain("Augsburg");
  expect(exported.stderr).toContain(`exported ${pb} to stdout (${apiCsv.length} bytes)`);

  // download: the full cab to stdout (a pipe), which cabextract accepts; then to a file with --json.
  const cab = pba(["download", pb, "1"], env);
  expect(cab.status, cab.stderr).toBe(0);
  expect(cab.stdout.subarray(0, 4).toString("latin1")).toBe("MSCF");
  const cabFile = path.join(dir, "from-stdout.cab");
  writeFileSync(cabFile, cab.stdout);
  const tested = spawnSync("cabextract", ["-t", cabFile], { encoding: "utf8" });
  expect(tested.status, tested.stdout + tested.stderr).toBe(0);
  expect(tested.stdout).toContain(`${pb}.pbk`);
  const saved = pba(["download", pb, "current", "-o", "v1.cab", "--json"], env, { cwd: dir });
  expect(saved.status, saved.out).toBe(0);
  expect(JSON.parse(saved.out)).toMatchObject({
    version: 1,
    name: `${pb}_1_full.cab`,
    file: path.join(dir, "v1.cab"),
    sha256: full?.sha256,
  });
  expect(readFileSync(path.join(dir, "v1.cab")).equals(cab.stdout)).toBe(true);
  const bundle = pba(["download", pb, "1", "--bundle", "-o", "v1.zip"], env, { cwd: dir });
  expect(bundle.status, bundle.stderr).toBe(0);
  expect(bundle.out).toMatch(/^downloaded .+\.zip to .+v1\.zip \(/);
  expect(readFileSync(path.join(dir, "v1.zip")).subarray(0, 2).toString("latin1")).toBe("PK");
});

test("pba: readable errors and documented exit codes", async ({ baseURL }) => {
  const token = execFileSync(
    "node_modules/.bin/tsx",
    [
      "--conditions=react-server",
      "scripts/token.ts",
      "--email",
      `ro-${Date.now().toString(36)}@cli.example`,
      "--org",
      `cli-ro-${Date.now().toString(36)}`,
      "--role",
      "viewer",
    ],
    { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .at(-1);
  const env = { PBA_URL: baseURL ?? "", PBA_TOKEN: token ?? "" };

  const help = pba(["--help"], {});
  expect(help.status).toBe(0);
  expect(help.out).toContain("Exit codes:");
  expect(help.out).toMatch(/PBA_TOKEN/);

  const missing = pba(["phonebooks", "list"], {});
  expect(missing.status).toBe(3);
  expect(missing.stderr).toContain("PBA_URL: missing");
  expect(missing.stderr).toContain("PBA_TOKEN: missing");
  const malformed = pba(["phonebooks", "list"], { PBA_URL: "not a url", PBA_TOKEN: "secret" });
  expect(malformed.status).toBe(3);
  expect(malformed.stderr).toContain("PBA_URL: must be an http(s) URL");
  expect(malformed.stderr).toContain("PBA_TOKEN: malformed");

  expect(pba(["frobnicate"], env).status).toBe(2);
  expect(pba(["import", "PB"], env).status).toBe(2);
  expect(pba(["download", "PB", "one"], env).status).toBe(2);

  const notFound = pba(["status", "NOSUCHBOOK"], env);
  expect(notFound.status).toBe(1);
  expect(notFound.stderr).toMatch(/^pba: error \(404 not_found\): .*not found\n$/);
  const notFoundJson = JSON.parse(pba(["status", "NOSUCHBOOK", "--json"], env).out) as { error: Record<string, unknown> };
  expect(notFoundJson.error).toMatchObject({ code: "not_found", status: 404, exitCode: 1 });

  // A viewer's token may read but not publish: 403, exit 3.
  const forbidden = pba(["publish", "NOSUCHBOOK"], env);
  expect(forbidden.status).toBe(3);
  expect(forbidden.stderr).toMatch(/^pba: error \(403 forbidden\): /);

  const revoked = pba(["phonebooks", "list"], { ...env, PBA_TOKEN: `pba_${"x".repeat(43)}` });
  expect(revoked.status).toBe(3);
  expect(revoked.stderr).toMatch(/^pba: error \(401 /);

  // A port nothing listens on (taken from the system, then released).
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const unreachable = pba(["phonebooks", "list"], { ...env, PBA_URL: `http://127.0.0.1:${port}` });
  expect(unreachable.status).toBe(3);
  expect(unreachable.stderr).toBe(
    `pba: error: cannot reach http://127.0.0.1:${port}: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})\n`,
  );
});
