import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/server/openapi/document";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

// GET /api/v1/openapi.json - the OpenAPI 3.1 document of /api/v1, generated from the routes' zod
// schemas (lib/server/openapi/operations.ts). Public: it is the same for every installation and
// organisation and holds no data, so code generators and CI jobs can fetch it without a token.
export function GET(): Promise<Response> {
  document ??= buildOpenApiDocument();
  return Promise.resolve(NextResponse.json(document, { headers: { "cache-control": "public, max-age=300" } }));
}
