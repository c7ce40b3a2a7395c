import { z } from "zod";
import { SCOPE_LABELS, SCOPES } from "@/lib/scopes";
import { OPERATIONS, type TAnswer, type TOperation } from "./operations";
import { ZErrorBody } from "./responses";

// The OpenAPI 3.1 document of /api/v1, generated from lib/server/openapi/operations.ts with
// zod 4's JSON Schema output (draft 2020-12, the dialect of OpenAPI 3.1). Never written by hand.

type TJson = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: "Bad input: `invalid_input` with details.fields [{field, message}], or `bad_request`",
  401: "No valid token or session (`unauthorized`)",
  403: "The role or the token's scope or phone books do not allow it (`forbidden`; details.missingScope names a missing scope)",
  404: "Not found, or not in the caller's organisation (`not_found`)",
  500: "Unexpected error, logged (`internal`)",
  503: "The database connection was interrupted; nothing was changed (`unavailable`, Retry-After)",
};

/** Converts zod schemas, gathering named ones (`.meta({id})`, given as `$ref`) into components.schemas. */
class SchemaSet {
  readonly components: Record<string, TJson> = {};

  convert(schema: z.ZodType, io: "input" | "output"): TJson {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as TJson;
    const { $schema: _dialect, $defs, ...rest } = json;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, TJson>)) {
      const known = this.components[id];
      const text = JSON.stringify(relink(def));
      if (known && JSON.stringify(known) !== text) throw new Error(`OpenAPI: two different schemas are named ${id}`);
      this.components[id] = JSON.parse(text) as TJson;
    }
    return relink(rest) as TJson;
  }
}

/** `#/$defs/X` → `#/components/schemas/X`, everywhere in a converted schema. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" ? v.replace(/^#\/\$defs\//, "#/components/schemas/") : relink(v),
      ]),
    );
  }
  return value;
}

/** "phonebooks/[name]/route.ts" → "/api/v1/phonebooks/{name}". */
export function openApiPath(route: string): string {
  const dir = route.replace(/\/?route\.ts$/, "");
  return `/api/v1${dir ? `/${dir}` : ""}`.replace(/\[([^\]]+)\]/g, "{$1}");
}

function parameters(op: TOperation, schemas: SchemaSet): TJson[] {
  const out: TJson[] = [];
  for (const [name, schema] of Object.entries(op.params ?? {})) {
    out.push({ name, in: "path", required: true, schema: schemas.convert(schema, "input") });
  }
  if (op.query) {
    const query = schemas.convert(op.query, "input") as { properties?: Record<string, TJson>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      const { description, ...rest } = schema;
      out.push({ name, in: "query", required: query.required?.includes(name) ?? false, description, schema: rest });
    }
  }
  for (const [name, header] of Object.entries(op.headers ?? {})) {
    out.push({ name, in: "header", required: false, description: header.description, schema: schemas.convert(header.schema, "input") });
  }
  return out;
}

function answer(a: TAnswer, schemas: SchemaSet): TJson {
  if (a.json) return { description: a.description, content: { "application/json": { schema: schemas.convert(a.json, "output") } } };
  if (a.media) {
    const schema = a.media.schema ? schemas.convert(a.media.schema, "output") : {};
    return { description: a.description, content: { [a.media.type]: { schema } } };
  }
  return { description: a.description };
}

function operation(op: TOperation, schemas: SchemaSet): TJson {
  const responses: Record<string, TJson> = {};
  for (const [status, a] of Object.entries(op.ok)) responses[status] = answer(a, schemas);
  const errors: Record<number, string> = {};
  if (op.body || op.query || op.headers) errors[400] = ERROR_TEXT[400]!;
  if (op.auth) Object.assign(errors, { 401: ERROR_TEXT[401], 403: ERROR_TEXT[403] });
  if (op.params) errors[404] = ERROR_TEXT[404]!;
  Object.assign(errors, op.errors);
  if (op.auth) Object.assign(errors, { 500: ERROR_TEXT[500], 503: ERROR_TEXT[503] });
  for (const [status, description] of Object.entries(errors)) {
    responses[status] = { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }
  let requestBody: TJson | undefined;
  if (op.body && "json" in op.body) {
    requestBody = { required: true, content: { "application/json": { schema: schemas.convert(op.body.json, "input") } } };
  } else if (op.body) {
    requestBody = { required: true, description: op.body.description, content: { [op.body.media]: { schema: { type: "string" } } } };
  }
  const params = parameters(op, schemas);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    // Scopes on a bearer scheme are allowed by OpenAPI 3.1 (§4.8.30): the token scope it needs.
    security: op.auth ? [{ bearerToken: [op.auth.scope] }, { session: [] }] : [],
    ...(op.auth ? { "x-pba-role": op.auth.role, "x-pba-scope": op.auth.scope } : {}),
  };
}

/** The OpenAPI 3.1 document of every operation of /api/v1. */
export function buildOpenApiDocument(): TJson {
  const schemas = new SchemaSet();
  schemas.convert(ZErrorBody, "output");
  const paths: Record<string, Record<string, TJson>> = {};
  for (const op of OPERATIONS) {
    const item = (paths[openApiPath(op.route)] ??= {});
    item[op.method.toLowerCase()] = operation(op, schemas);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "PBA Cloud API",
      version: "1",
      description: [
        "REST API of PBA Cloud: phone books, POPs, regions, imports, versions, members and tokens of one organisation.",
        "",
        "Send `Authorization: Bearer pba_…` with an API token made on the API tokens page. A token acts as its",
        "creator, never above their current role, with only its scopes:",
        "",
        ...SCOPES.map((s) => `- ${SCOPE_LABELS[s]}`),
        "",
        "Each operation lists the scope it needs (`security`) and the role (`x-pba-role`). Every error answers",
        '`{"error": {"code", "message", "details"}}`. Answers are `Cache-Control: no-store` unless they are files.',
      ].join("\n"),
    },
    servers: [{ url: "/", description: "This installation" }],
    tags: [...new Set(OPERATIONS.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "pba_…",
          description: "An API token (pba_…). Its scopes: read, write, publish, admin.",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The app's own signed-in session (browser; writes need the app's Origin).",
        },
      },
    },
  };
}
