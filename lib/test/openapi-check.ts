import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
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
