import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { buildOpenApiDocument } from "@/lib/server/openapi/document";

export const metadata: Metadata = { title: "API reference" };

type TSchema = Record<string, unknown>;
type TParameter = { name: string; in: string; required: boolean; description?: string; schema: TSchema };
type TResponse = { description: string; content?: Record<string, { schema?: TSchema }> };
type TOperation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: TParameter[];
  requestBody?: { description?: string; content: Record<string, { schema?: TSchema }> };
  responses: Record<string, TResponse>;
  "x-pba-role"?: string;
  "x-pba-scope"?: string;
};
type TDocument = { info: { description: string }; paths: Record<string, Record<string, TOperation>> };

const METHOD_TONE = { get: "info", post: "success", put: "warning", patch: "warning", delete: "destructive" } as const;

/** A short type label of a JSON schema: "string", "integer 1–99999", "merge | replace", "Pop". */
function typeLabel(schema: TSchema | undefined): string {
  if (!schema) return "";
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop() ?? "";
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : typeof schema.type === "string" ? schema.type : "any";
  const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
  const range =
    typeof schema.minimum === "number" && typeof schema.maximum === "number" && schema.maximum !== Number.MAX_SAFE_INTEGER
      ? ` ${schema.minimum}–${schema.maximum}`
      : "";
  return `${type}${format}${range}`;
}

function SchemaBlock({ schema }: { schema: TSchema | undefined }) {
  if (!schema || Object.keys(schema).length === 0) return null;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-slate-500">schema: {typeLabel(schema)}</summary>
      <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(schema, null, 2)}</pre>
    </details>
  );
}

// Server-rendered from the same document as GET /api/v1/openapi.json: no script, nothing from a
// CDN, so it works under the nonce-based CSP of proxy.ts. Behind sign-in like the other admin
// pages (the document itself is public).
export default async function ApiReferencePage() {
  await requirePageActor("viewer");
  const doc = buildOpenApiDocument() as unknown as TDocument;
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags[0] ?? ""))];
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Every operation of <code>/api/v1</code>, generated from the schemas the server checks. Machine-readable:{" "}
            <a href="/api/v1/openapi.json" className="text-brand underline" data-testid="openapi-json-link">
              /api/v1/openapi.json
            </a>{" "}
            (OpenAPI 3.1). Tokens:{" "}
            <Link href="/tokens" className="text-brand underline">
              API tokens
            </Link>
            .
          </>
        }
      />
      <Card className="mb-4 whitespace-pre-line text-sm text-slate-700">{doc.info.description}</Card>
      {tags.map((tag) => (
        <section key={tag} className="mb-6">
          <h2 className="mb-2 text-lg font-semibold">{tag}</h2>
          {operations
            .filter((o) => o.op.tags[0] === tag)
            .map(({ path, method, op }) => (
              <Card key={op.operationId} className="mb-3 text-sm">
                <div id={op.operationId} data-testid="api-operation" className="flex flex-wrap items-center gap-2">
                  <Badge variant={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "secondary"}>{method.toUpperCase()}</Badge>
                  <code className="font-mono">{path}</code>
                  <span className="text-slate-700">{op.summary}</span>
                  <span className="ml-auto text-xs text-slate-500">
                    {op["x-pba-role"] ? `role ${op["x-pba-role"]} · scope ${op["x-pba-scope"]}` : "public"}
                  </span>
                </div>
                {op.description ? <p className="mt-2 text-slate-600">{op.description}</p> : null}
                {op.parameters?.length ? (
                  <table className="mt-2 w-full text-xs">
                    <tbody>
                      {op.parameters.map((p) => (
                        <tr key={`${p.in}-${p.name}`} className="border-t border-slate-100">
                          <td className="py-1 pr-2 font-mono">
                            {p.name}
                            {p.required ? " *" : ""}
                          </td>
                          <td className="py-1 pr-2 text-slate-500">{p.in}</td>
                          <td className="py-1 pr-2 font-mono text-slate-600">{typeLabel(p.schema)}</td>
                          <td className="py-1 text-slate-600">{p.description ?? (p.schema.description as string | undefined) ?? ""}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {op.requestBody
                  ? Object.entries(op.requestBody.content).map(([type, media]) => (
                      <div key={type} className="mt-2">
                        <span className="text-xs font-semibold uppercase text-slate-500">Body</span> <code className="text-xs">{type}</code>
                        {op.requestBody?.description ? (
                          <span className="text-xs text-slate-600"> — {op.requestBody.description}</span>
                        ) : null}
                        <SchemaBlock schema={media.schema} />
                      </div>
                    ))
                  : null}
                <ul className="mt-2 space-y-1">
                  {Object.entries(op.responses).map(([status, r]) => (
                    <li key={status}>
                      <Badge variant={status.startsWith("2") ? "success" : "secondary"}>{status}</Badge>{" "}
                      <span className="text-slate-700">{r.description}</span>{" "}
                      {Object.keys(r.content ?? {}).map((t) => (
                        <code key={t} className="text-xs text-slate-500">
                          {t}{" "}
                        </code>
                      ))}
                      {status.startsWith("2") ? <SchemaBlock schema={Object.values(r.content ?? {})[0]?.schema} /> : null}
                    </li>
                  ))}
                </ul>
              </Card>
            ))}
        </section>
      ))}
    </>
  );
}
