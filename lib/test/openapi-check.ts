import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { readdirSync } from "node:fs";
import path from "node:path";
import { buildOpenApiDocument, openApiPath } from "@/lib/server/openapi/document";

type TAnswer = { status: number; json: unknown; text: string; headers: Headers };
type TDoc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

const DOC_ID = "pba-openapi.json";
const doc = buildOpenApiDocument() as unknown as TDoc;
// The whole document is one schema resource, so every $ref into components resolves; strict
// off because the OpenAPI keywords around the schemas are not JSON Schema keywords.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: DOC_ID });

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/**
 * Asserts that `answer` (from callRoute) is one the document describes for `method` on
 * `route` (a file under app/api/v1, "phonebooks/[name]/route.ts"): its status is listed, and
 * a JSON body validates against the schema of that status. Throws naming every mismatch.
 */
export function assertDocumentedAnswer(method: string, route: string, answer: TAnswer): void {
  const path = openApiPath(route);
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path} is not in the OpenAPI document`);
  const response = op.responses[String(answer.status)];
  if (!response) throw new Error(`${method} ${path}: status ${answer.status} is not documented (${answer.text.slice(0, 200)})`);
  const type = (answer.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (type !== "application/json") return;
  if (!response.content?.["application/json"]) throw new Error(`${method} ${path} ${answer.status}: JSON answer not documented`);
  const ref = `${DOC_ID}#/${pointer("paths", path, method.toLowerCase(), "responses", String(answer.status), "content", "application/json", "schema")}`;
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema at ${ref}`);
  if (!validate(answer.json)) {
    throw new Error(
      `${method} ${path} ${answer.status}: the answer does not match the document: ${ajv.errorsText(validate.errors)}\n${answer.text.slice(0, 500)}`,
    );
  }
}

const API_ROOT = path.resolve(import.meta.dirname, "../../app/api/v1");
let handlers: Promise<Map<unknown, { route: string; method: string }>> | undefined;

/** Every exported handler of app/api/v1, by identity: which route file and method it is. */
function routeHandlers(): Promise<Map<unknown, { route: string; method: string }>> {
  handlers ??= (async () => {
    const map = new Map<unknown, { route: string; method: string }>();
    const files = (readdirSync(API_ROOT, { recursive: true }) as string[]).filter((f) => f.endsWith("route.ts"));
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ path.join(API_ROOT, file))) as Record<string, unknown>;
      for (const [method, handler] of Object.entries(mod)) {
        if (typeof handler === "function") map.set(handler, { route: file.split(path.sep).join("/"), method });
      }
    }
    return map;
  })();
  return handlers;
}

/**
 * For callRoute: when `handler` is one of app/api/v1's, asserts its answer is documented
 * (every integration test that calls a route this way checks the document against reality).
 */
export async function assertDocumentedHandlerAnswer(handler: unknown, answer: TAnswer): Promise<void> {
  const known = (await routeHandlers()).get(handler);
  if (known) assertDocumentedAnswer(known.method, known.route, answer);
}
