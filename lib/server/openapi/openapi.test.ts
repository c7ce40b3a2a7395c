import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import * as members from "@/app/api/v1/members/route";
import * as phonebook from "@/app/api/v1/phonebooks/[name]/route";
import * as imports from "@/app/api/v1/phonebooks/[name]/imports/route";
import * as pop from "@/app/api/v1/phonebooks/[name]/pops/[popIndex]/route";
import * as pops from "@/app/api/v1/phonebooks/[name]/pops/route";
import * as publish from "@/app/api/v1/phonebooks/[name]/publish/route";
import * as regions from "@/app/api/v1/phonebooks/[name]/regions/route";
import * as versions from "@/app/api/v1/phonebooks/[name]/versions/route";
import * as phonebooks from "@/app/api/v1/phonebooks/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import { setStorageForTests } from "@/lib/server/storage";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import type { TApiRequirement } from "@/lib/server/with-api";
import { callRoute } from "@/lib/test/api";
import { makeOrg, pbName } from "@/lib/test/fixtures";
import { assertDocumentedAnswer, assertDocumentedHandlerAnswer } from "@/lib/test/openapi-check";
import { buildOpenApiDocument, openApiPath } from "./document";
import { OPERATIONS } from "./operations";
import { ZPublishProgressLine } from "./responses";

const API_ROOT = path.resolve(import.meta.dirname, "../../../app/api/v1");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const CSV = `popIndex,countryCode,region,name,areaCode,accessNumber,minSpeed,maxSpeed,flags,dialupEntry,inService,comment\r\n5,1,North,City5,425,5555,,,0,,true,\r\n`;

type TDoc = { openapi: string; paths: Record<string, Record<string, { operationId: string; security: unknown[] }>> };

beforeAll(() => setStorageForTests(new FilesystemStorage(mkdtempSync(path.join(tmpdir(), "pba-openapi-")))));
afterAll(() => setStorageForTests(undefined));

describe("OpenAPI document", () => {
  it("describes every exported handler of every route file under app/api/v1, with the role and scope it checks", async () => {
    const files = (readdirSync(API_ROOT, { recursive: true }) as string[])
      .filter((f) => f.endsWith("route.ts"))
      .map((f) => f.split(path.sep).join("/"))
      .sort();
    expect(files.length).toBeGreaterThan(20);
    const handlers: string[] = [];
    const mismatches: string[] = [];
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ path.join(API_ROOT, file))) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = mod[method] as (((...args: unknown[]) => unknown) & { requirement?: TApiRequirement }) | undefined;
        if (typeof handler !== "function") continue;
        handlers.push(`${method} ${file}`);
        const op = OPERATIONS.find((o) => o.route === file && o.method === method);
        const requirement = handler.requirement;
        const declared = op?.auth ? `${op.auth.role} ${op.auth.scope}` : "public";
        const actual = requirement ? `${requirement.role} ${requirement.scope}` : "public";
        if (op && declared !== actual) mismatches.push(`${method} ${file}: document says ${declared}, the route checks ${actual}`);
      }
    }
    const described = OPERATIONS.map((o) => `${o.method} ${o.route}`);
    const missing = handlers.filter((h) => !described.includes(h));
    expect(missing, `route handlers without an entry in lib/server/openapi/operations.ts: ${missing.join(", ")}`).toEqual([]);
    expect(
      described.filter((d) => !handlers.includes(d)),
      "entries naming no exported handler",
    ).toEqual([]);
    expect(new Set(described).size, "one entry per handler").toBe(described.length);
    expect(mismatches).toEqual([]);

    const doc = buildOpenApiDocument() as unknown as TDoc;
    const inDoc = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(inDoc.sort()).toEqual(handlers.map((h) => `${h.split(" ")[0]} ${openApiPath(h.split(" ")[1]!)}`).sort());
    const ids = inDoc.map((k) => doc.paths[k.split(" ")[1]!]![k.split(" ")[0]!.toLowerCase()]!.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is valid OpenAPI 3.1", async () => {
    const doc = buildOpenApiDocument();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // Every $ref resolves.
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it("is served at GET /api/v1/openapi.json without a token", async () => {
    const res = await callRoute(openapiRoute.GET, {});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.json).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    const doc = res.json as unknown as TDoc;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/phonebooks/{name}/publish"]?.post?.security).toEqual([{ bearerToken: ["publish"] }, { session: [] }]);
    assertDocumentedAnswer("GET", "openapi.json/route.ts", res);
  });

  it("rejects an answer the document does not describe (the check below can fail)", () => {
    const headers = new Headers({ "content-type": "application/json" });
    const wrong = { phonebooks: [{ name: "X", popCount: "7" }] };
    expect(() => assertDocumentedAnswer("GET", "phonebooks/route.ts", { status: 200, json: wrong, text: "", headers })).toThrow(
      /does not match/,
    );
    expect(() => assertDocumentedAnswer("GET", "phonebooks/route.ts", { status: 418, json: {}, text: "", headers })).toThrow(
      /not documented/,
    );
    const badError = { error: { code: "oops", message: "x", details: null } };
    expect(() => assertDocumentedAnswer("GET", "phonebooks/route.ts", { status: 401, json: badError, text: "", headers })).toThrow(
      /does not match/,
    );
  });

  it("callRoute checks every answer of an app/api/v1 handler, found by identity, and no other handler's", async () => {
    const headers = new Headers({ "content-type": "application/json" });
    await expect(
      assertDocumentedHandlerAnswer(phonebooks.GET, { status: 200, json: { phonebooks: 1 }, text: "", headers }),
    ).rejects.toThrow(/GET \/api\/v1\/phonebooks 200: the answer does not match/);
    await expect(assertDocumentedHandlerAnswer(pop.DELETE, { status: 201, json: {}, text: "", headers })).rejects.toThrow(
      /DELETE \/api\/v1\/phonebooks\/\{name\}\/pops\/\{popIndex\}: status 201 is not documented/,
    );
    await expect(assertDocumentedHandlerAnswer(() => null, { status: 418, json: {}, text: "", headers })).resolves.toBeUndefined();
  });

  it("real answers of the API validate against the document's schema for their status", async () => {
    const { actors } = await makeOrg(["owner", "admin", "editor", "viewer"]);
    const admin = actors.admin.token;
    const name = pbName();
    const check = async (method: string, route: string, answer: Awaited<ReturnType<typeof callRoute>>, status: number) => {
      expect(answer.status, `${method} ${route}: ${answer.text.slice(0, 300)}`).toBe(status);
      assertDocumentedAnswer(method, route, answer);
      return answer;
    };

    await check("POST", "phonebooks/route.ts", await callRoute(phonebooks.POST, { method: "POST", token: admin, body: { name } }), 201);
    await check("POST", "phonebooks/route.ts", await callRoute(phonebooks.POST, { method: "POST", token: admin, body: { name } }), 409);
    await check("POST", "phonebooks/route.ts", await callRoute(phonebooks.POST, { method: "POST", token: admin, body: { name: "" } }), 400);
    await check("GET", "phonebooks/route.ts", await callRoute(phonebooks.GET, { token: actors.viewer.token }), 200);
    await check("GET", "phonebooks/route.ts", await callRoute(phonebooks.GET, {}), 401);
    await check(
      "POST",
      "phonebooks/route.ts",
      await callRoute(phonebooks.POST, { method: "POST", token: actors.viewer.token, body: { name } }),
      403,
    );
    await check("GET", "phonebooks/[name]/route.ts", await callRoute(phonebook.GET, { token: admin, params: { name } }), 200);
    await check("GET", "phonebooks/[name]/route.ts", await callRoute(phonebook.GET, { token: admin, params: { name: "NOPE" } }), 404);

    const popBody = { popIndex: 1, countryCode: 1, name: "City1", accessNumber: "5551", areaCode: "425" };
    await check(
      "POST",
      "phonebooks/[name]/pops/route.ts",
      await callRoute(pops.POST, { method: "POST", token: admin, params: { name }, body: popBody }),
      201,
    );
    await check("GET", "phonebooks/[name]/pops/route.ts", await callRoute(pops.GET, { token: admin, params: { name } }), 200);
    await check(
      "GET",
      "phonebooks/[name]/pops/route.ts",
      await callRoute(pops.GET, { token: admin, params: { name }, path: "/x?pageSize=abc" }),
      400,
    );
    await check(
      "GET",
      "phonebooks/[name]/pops/[popIndex]/route.ts",
      await callRoute(pop.GET, { token: admin, params: { name, popIndex: "1" } }),
      200,
    );
    await check(
      "PATCH",
      "phonebooks/[name]/pops/[popIndex]/route.ts",
      await callRoute(pop.PATCH, { method: "PATCH", token: admin, params: { name, popIndex: "1" }, body: { comment: "edited" } }),
      200,
    );
    await check(
      "POST",
      "phonebooks/[name]/regions/route.ts",
      await callRoute(regions.POST, { method: "POST", token: admin, params: { name }, body: { name: "South" } }),
      201,
    );
    await check("GET", "phonebooks/[name]/regions/route.ts", await callRoute(regions.GET, { token: admin, params: { name } }), 200);

    const importCall = (body: string, query: string) =>
      callRoute(imports.POST, {
        method: "POST",
        token: actors.editor.token,
        params: { name },
        rawBody: body,
        contentType: "text/csv",
        path: `/x${query}`,
      });
    const dry = await check("POST", "phonebooks/[name]/imports/route.ts", await importCall(CSV, "?dryRun=true"), 200);
    expect(dry.json).toMatchObject({ dryRun: true, added: 1 });
    await check("POST", "phonebooks/[name]/imports/route.ts", await importCall(CSV.replace("5,1,North", "5,x,North"), "?dryRun=true"), 422);
    await check("POST", "phonebooks/[name]/imports/route.ts", await importCall(CSV, "?mode=sideways"), 400);

    await check(
      "POST",
      "phonebooks/[name]/publish/route.ts",
      await callRoute(publish.POST, { method: "POST", token: admin, params: { name } }),
      201,
    );
    await check(
      "POST",
      "phonebooks/[name]/publish/route.ts",
      await callRoute(publish.POST, { method: "POST", token: admin, params: { name } }),
      409,
    );
    // The streamed publish: every line matches the documented line schema; nothing to publish, so it ends with the error.
    const streamed = await callRoute(publish.POST, { method: "POST", token: admin, params: { name }, path: "/x?progress=ndjson" });
    await check("POST", "phonebooks/[name]/publish/route.ts", streamed, 200);
    const lines = streamed.text
      .trim()
      .split("\n")
      .map((l) => ZPublishProgressLine.parse(JSON.parse(l)));
    expect(lines.at(-1)).toMatchObject({ error: { code: "conflict" } });
    await callRoute(pop.PATCH, { method: "PATCH", token: admin, params: { name, popIndex: "1" }, body: { accessNumber: "5559" } });
    const published = await callRoute(publish.POST, { method: "POST", token: admin, params: { name }, path: "/x?progress=ndjson" });
    await check("POST", "phonebooks/[name]/publish/route.ts", published, 200);
    const stages = published.text
      .trim()
      .split("\n")
      .map((l) => ZPublishProgressLine.parse(JSON.parse(l)));
    expect(stages[0]).toHaveProperty("stage");
    expect(stages.at(-1)).toMatchObject({ result: { version: 2 } });
    const history = await check(
      "GET",
      "phonebooks/[name]/versions/route.ts",
      await callRoute(versions.GET, { token: admin, params: { name } }),
      200,
    );
    expect((history.json.versions as unknown[]).length).toBe(2);

    await check("GET", "members/route.ts", await callRoute(members.GET, { token: actors.viewer.token }), 200);
    const invited = await check(
      "POST",
      "members/route.ts",
      await callRoute(members.POST, { method: "POST", token: admin, body: { email: "new-member@test.example", role: "editor" } }),
      201,
    );
    expect(invited.json).toMatchObject({ emailed: false });

    const created = await check(
      "POST",
      "tokens/route.ts",
      await callRoute(tokens.POST, { method: "POST", token: admin, body: { name: "ci", scopes: ["read"], phonebooks: [name] } }),
      201,
    );
    expect(created.json.token).toMatch(/^pba_/);
    await check("GET", "tokens/route.ts", await callRoute(tokens.GET, { token: admin }), 200);
    await check(
      "DELETE",
      "tokens/[id]/route.ts",
      await callRoute(token.DELETE, { method: "DELETE", token: admin, params: { id: created.json.id as string } }),
      200,
    );
    // A read-only token: 403 on a write, with details naming the scope.
    const readOnly = (await callRoute(tokens.POST, { method: "POST", token: admin, body: { name: "ro", scopes: ["read"] } })).json
      .token as string;
    await check(
      "POST",
      "phonebooks/[name]/pops/route.ts",
      await callRoute(pops.POST, { method: "POST", token: readOnly, params: { name }, body: popBody }),
      403,
    );
  }, 60_000);
});
