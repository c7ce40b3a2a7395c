import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import * as metricsRoute from "@/app/metrics/route";
import * as pbsRoute from "@/app/pbserver/pbserver.dll/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as publish from "@/app/api/v1/phonebooks/[name]/publish/route";
import * as item from "@/app/api/v1/phonebooks/[name]/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import { resetEnvCache } from "@/lib/env";
import { db } from "@/lib/server/db";
import { log, setLoggerForTests } from "@/lib/server/log";
import { routePattern, withApi } from "@/lib/server/with-api";
import { callRoute } from "@/lib/test/api";
import { captureLog } from "@/lib/test/capture-log";
import { makeOrg, pbName } from "@/lib/test/fixtures";

const TOKEN = "app-metrics-token-0123456789";
const HEADER = "popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment";
const csv = (from: number, to: number) => {
  const lines = [HEADER];
  for (let i = from; i <= to; i++) lines.push(`${i},1,North,City ${i},425,555${i},9600,56000,0,MyISP,true,`);
  return `${lines.join("\r\n")}\r\n`;
};

const getMetrics = (authorization?: string) =>
  metricsRoute.GET(new Request("http://localhost/metrics", { headers: authorization ? { authorization } : {} }));

/** The scraped samples, `name{labels}` → value. */
async function scrape(): Promise<Map<string, number>> {
  const response = await getMetrics(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** How much each of `keys` grew while `act` ran. */
async function growth(keys: string[], act: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await scrape();
  await act();
  const after = await scrape();
  return Object.fromEntries(keys.map((k) => [k, (after.get(k) ?? 0) - (before.get(k) ?? 0)]));
}

const requests = (route: string, method: string, status: number) =>
  `pba_http_requests_total{route="${route}",method="${method}",status="${status}"}`;

let actors: Awaited<ReturnType<typeof makeOrg>>["actors"];
let name: string;

beforeAll(async () => {
  process.env.METRICS_TOKEN = TOKEN;
  resetEnvCache();
  ({ actors } = await makeOrg(["admin", "editor"]));
  name = pbName();
  expect(
    (await callRoute(phonebooks.POST, { method: "POST", path: "/api/v1/phonebooks", token: actors.admin.token, body: { name } })).status,
  ).toBe(201);
});

afterAll(() => {
  delete process.env.METRICS_TOKEN;
  resetEnvCache();
});

describe("GET /metrics of the app", () => {
  it("answers 404 without METRICS_TOKEN, 401 without the right bearer token, else Prometheus text", async () => {
    delete process.env.METRICS_TOKEN;
    resetEnvCache();
    expect((await getMetrics(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.METRICS_TOKEN = TOKEN;
    resetEnvCache();
    for (const authorization of [undefined, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const refused = await getMetrics(authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    }
    const ok = await getMetrics(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await ok.text()).toContain("# TYPE pba_http_requests_total counter");
  });

  it("counts API requests by route pattern and status, whatever the phone book named", async () => {
    const list = requests("/api/v1/phonebooks", "GET", 200);
    const refused = requests("/api/v1/phonebooks", "GET", 401);
    const missing = requests("/api/v1/phonebooks/[name]", "GET", 404);
    const found = requests("/api/v1/phonebooks/[name]", "GET", 200);
    const change = await growth([list, refused, missing, found], async () => {
      expect((await callRoute(phonebooks.GET, { path: "/api/v1/phonebooks", token: actors.editor.token })).status).toBe(200);
      expect((await callRoute(phonebooks.GET, { path: "/api/v1/phonebooks" })).status).toBe(401);
      for (const other of ["NOPE1", "NOPE2", "NOPE3"]) {
        const res = await callRoute(item.GET, { path: `/api/v1/phonebooks/${other}`, params: { name: other }, token: actors.editor.token });
        expect(res.status).toBe(404);
      }
      expect((await callRoute(item.GET, { path: `/api/v1/phonebooks/${name}`, params: { name }, token: actors.editor.token })).status).toBe(
        200,
      );
    });
    expect(change).toEqual({ [list]: 1, [refused]: 1, [missing]: 3, [found]: 1 });
    // Next gives routes without dynamic segments no params promise.
    const bare = await growth([list], async () => {
      const req = new NextRequest("http://localhost/api/v1/phonebooks", { headers: { authorization: `Bearer ${actors.editor.token}` } });
      expect((await phonebooks.GET(req, { params: undefined } as never)).status).toBe(200);
    });
    expect(bare).toEqual({ [list]: 1 });
    const samples = await scrape();
    expect([...samples.keys()].filter((k) => k.includes("NOPE"))).toEqual([]);
    expect(samples.get('pba_http_request_duration_seconds_count{route="/api/v1/phonebooks/[name]"}')).toBeGreaterThanOrEqual(4);
  });

  it("counts /api/health and the PBS route", async () => {
    const healthy = requests("/api/health", "GET", 200);
    const pbs = requests("/pbserver/pbserver.dll", "GET", 404);
    const invalid = 'pbs_answers_total{outcome="error",org="(unknown)",phonebook="(invalid)"}';
    const change = await growth([healthy, pbs, invalid], async () => {
      expect((await health.GET()).status).toBe(200);
      const res = await pbsRoute.GET(new Request("http://localhost/pbserver/pbserver.dll?pb=Absent&pbver=1"));
      expect(res.status).toBe(404);
    });
    expect(change).toEqual({ [healthy]: 1, [pbs]: 1, [invalid]: 1 });
  });

  it("times imports by outcome with their size and rows", async () => {
    const post = (body: string, query = "") =>
      callRoute(imports.POST, {
        method: "POST",
        path: `/api/v1/phonebooks/${name}/imports${query}`,
        token: actors.editor.token,
        params: { name },
        rawBody: body,
        contentType: "text/csv",
      });
    const file = csv(1, 3);
    const keys = [
      'pba_import_duration_seconds_count{outcome="applied"}',
      'pba_import_duration_seconds_count{outcome="dry_run"}',
      'pba_import_duration_seconds_count{outcome="refused"}',
      "pba_import_bytes_sum",
      "pba_import_rows_sum",
      "pba_import_rows_count",
      requests("/api/v1/phonebooks/[name]/imports", "POST", 200),
      requests("/api/v1/phonebooks/[name]/imports", "POST", 422),
    ];
    const change = await growth(keys, async () => {
      expect((await post(file, "?dryRun=true")).status).toBe(200);
      expect((await post(file)).status).toBe(200);
      expect((await post(`${HEADER}\r\nnot,a,pop\r\n`)).status).toBe(422);
    });
    const bad = Buffer.byteLength(`${HEADER}\r\nnot,a,pop\r\n`);
    expect(change).toEqual({
      [keys[0]!]: 1,
      [keys[1]!]: 1,
      [keys[2]!]: 1,
      pba_import_bytes_sum: 2 * Buffer.byteLength(file) + bad,
      pba_import_rows_sum: 6,
      pba_import_rows_count: 2,
      [keys[6]!]: 2,
      [keys[7]!]: 1,
    });
  });

  it("times publishes by outcome with the bytes they stored", async () => {
    const run = () =>
      callRoute(publish.POST, { method: "POST", path: `/api/v1/phonebooks/${name}/publish`, token: actors.admin.token, params: { name } });
    const before = await scrape();
    expect((await run()).status).toBe(201);
    const between = await scrape();
    expect((await run()).status).toBe(409);
    const after = await scrape();
    const grew = (key: string, a: Map<string, number>, b: Map<string, number>) => (b.get(key) ?? 0) - (a.get(key) ?? 0);
    expect(grew('pba_publish_duration_seconds_count{outcome="published"}', before, between)).toBe(1);
    expect(grew("pba_publish_bytes_count", before, between)).toBe(1);
    const version = await db.version.findFirstOrThrow({
      where: { phonebook: { name, orgId: actors.admin.orgId } },
      include: { artifacts: true },
    });
    expect(grew("pba_publish_bytes_sum", before, between)).toBe(version.artifacts.reduce((sum, a) => sum + Number(a.size), 0));
    expect(grew('pba_publish_duration_seconds_count{outcome="unchanged"}', between, after)).toBe(1);
    expect(grew("pba_publish_bytes_count", between, after)).toBe(0);
  });

  it("reports the database pool's connections in use, collected when scraped", async () => {
    await db.$queryRaw`SELECT 1`;
    const inUse = (s: Map<string, number>) =>
      (s.get('pba_db_pool_connections{state="total"}') ?? 0) - (s.get('pba_db_pool_connections{state="idle"}') ?? 0);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let during: Map<string, number> | undefined;
    const before = await scrape();
    const tx = db.$transaction(async (t) => {
      await t.$queryRaw`SELECT 1`;
      during = await scrape();
      await held;
    });
    await expect.poll(() => during).toBeDefined();
    release();
    await tx;
    expect(inUse(during!) - inUse(before)).toBe(1);
    expect(before.get('pba_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(before.get("pba_db_pool_waiting")).toBe(0);
  });
});

describe("request ids in the app's log", () => {
  it("puts the X-Request-Id (else a new UUID) on every line an API handler writes", async () => {
    const capture = captureLog();
    setLoggerForTests(capture.logger);
    try {
      const route = withApi("editor", () => {
        log().info({ step: 1 }, "first");
        log().warn({ step: 2 }, "second");
        return Promise.resolve(new Response(null, { status: 204 }));
      });
      await callRoute(route, { path: "/api/v1/x", token: actors.editor.token, headers: { "x-request-id": "client-req-77" } });
      await callRoute(route, { path: "/api/v1/x", token: actors.editor.token, headers: { "x-request-id": "bad id" } });
    } finally {
      setLoggerForTests(undefined);
    }
    const records = capture.records();
    expect(records.map((r) => [r.msg, r.level, r.step])).toEqual([
      ["first", "info", 1],
      ["second", "warn", 2],
      ["first", "info", 1],
      ["second", "warn", 2],
    ]);
    expect(records.slice(0, 2).map((r) => r.reqId)).toEqual(["client-req-77", "client-req-77"]);
    expect(records[2]?.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(records[3]?.reqId).toBe(records[2]?.reqId);
    expect(typeof records[0]?.time).toBe("string");
  });
});

describe("routePattern", () => {
  it("names each parameter's segment, in order", () => {
    expect(routePattern("/api/v1/phonebooks/ABC/pops/12", { name: "ABC", popIndex: "12" })).toBe(
      "/api/v1/phonebooks/[name]/pops/[popIndex]",
    );
    expect(routePattern("/api/v1/phonebooks/pops/pops", { name: "pops" })).toBe("/api/v1/phonebooks/[name]/pops");
    expect(routePattern("/api/v1/phonebooks/A%20B/export.csv", { name: "A B" })).toBe("/api/v1/phonebooks/[name]/export.csv");
    expect(routePattern("/api/v1/tokens", {})).toBe("/api/v1/tokens");
    expect(routePattern("/elsewhere", { name: "ABC" })).toBe("(unmatched)");
  });
});
