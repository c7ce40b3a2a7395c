import { NextRequest } from "next/server";

type THandler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler in-process the way Next.js would, with an optional bearer token. */
export async function callRoute<P>(
  handler: THandler<P>,
  options: {
    method?: string;
    path?: string;
    token?: string;
    params?: P;
    body?: unknown;
    /** A body as is: text, bytes (a cab or zip), or a multipart form (its content type set by the request). */
    rawBody?: string | Uint8Array<ArrayBuffer> | FormData;
    contentType?: string;
    headers?: Record<string, string>;
  },
): Promise<{ status: number; json: Record<string, unknown>; text: string; headers: Headers }> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | Uint8Array<ArrayBuffer> | FormData | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  if (options.contentType) headers.set("content-type", options.contentType);
  const req = new NextRequest(new URL(options.path ?? "/", "http://localhost"), {
    method: options.method ?? "GET",
    headers,
    body,
  });
  const res = await handler(req, { params: Promise.resolve((options.params ?? {}) as P) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = {};
  }
  return { status: res.status, json, text, headers: res.headers };
}
