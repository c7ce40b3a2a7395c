import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { requestContext, requestIdFrom } from "@/lib/request-context.mjs";
import type { TRole } from "@/lib/roles";
import { defaultScopeForRole, type TScope } from "@/lib/scopes";
import type { TActor } from "./auth/actor";
import { actorFromBearer } from "./auth/api-tokens";
import { assertRole, getSessionActor } from "./auth/get-actor";
import { assertScope } from "./auth/token-rights";
import { AppError, isConnectionError } from "./errors";
import { log } from "./log";
import { recordRequest } from "./metrics/app-metrics";
import { readBodyLimited } from "./read-body";
import { parseInput } from "./validate";

type TRouteContext<P> = { params: Promise<P> };

/** What a route needs: the caller's role, and for an API token also this scope. */
export type TApiRequirement = { role: TRole; scope: TScope };

type THandlerArgs<P> = {
  req: NextRequest;
  actor: TActor;
  params: P;
  /** Parses the query string with a zod schema (400 naming the parameter on failure). */
  query: <S extends z.ZodType>(schema: S) => z.output<S>;
  /** Reads and parses the JSON body with a zod schema (400 on bad JSON or fields). */
  body: <S extends z.ZodType>(schema: S) => Promise<z.output<S>>;
};

const MAX_JSON_BYTES = 1_000_000;
const READ_RETRIES = 5;

/**
 * Runs `fn` again (up to READ_RETRIES times, 10 ms doubling) when it meets a connection the
 * database has just dropped. Only for steps that change nothing, or nothing that matters
 * twice: a read request, or the authentication of any request before its handler runs.
 */
async function retryOnLostConnection<T>(fn: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await fn();
    } catch (error) {
      if (retry >= READ_RETRIES || !isConnectionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** retry));
    }
  }
}

/** JSON error body of SPEC §7, never cached. */
export function errorResponse(error: AppError): NextResponse {
  return NextResponse.json(
    { error: { code: error.code, message: error.message, details: error.details ?? null } },
    { status: error.status, headers: { "cache-control": "no-store" } },
  );
}

/**
 * API answers belong to one caller and change with every write, so no cache may keep them:
 * `Cache-Control: no-store` unless the handler set its own (file downloads).
 */
function withNoStore(response: Response): Response {
  if (response.headers.has("cache-control")) return response;
  try {
    response.headers.set("cache-control", "no-store");
    return response;
  } catch {
    // Immutable headers (Response.redirect, a fetched response): answer a copy.
    const headers = new Headers(response.headers);
    headers.set("cache-control", "no-store");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/**
 * Wraps an API route handler: authenticates the bearer token or session, checks the role
 * (and for a token the scope: `options.scope`, else the one matching `role`: viewer → read,
 * editor → write, admin → admin), hands over typed input helpers, and maps every error to
 * the JSON error shape. Unexpected errors are logged with the route and answered as a
 * generic 500. Every answer carries `Cache-Control: no-store` unless the handler set a
 * Cache-Control of its own. The handler exposes its `requirement` (listed by a test).
 * Each request is counted in pba_http_requests_total by route pattern and status, and runs
 * in a request context (scripts/server.mjs's, else one from X-Request-Id) so that every log
 * line carries its id.
 */
export function withApi<P = Record<string, never>>(
  role: TRole,
  handler: (args: THandlerArgs<P>) => Promise<Response>,
  options: { scope?: TScope } = {},
) {
  const requirement: TApiRequirement = { role, scope: options.scope ?? defaultScopeForRole(role) };
  const answer = async (req: NextRequest, ctx: TRouteContext<P>): Promise<Response> => {
    const attempt = async (): Promise<Response> => {
      const auth = req.headers.get("authorization");
      if (!auth && hasSessionCookie(req)) assertSameOrigin(req);
      const caller = await retryOnLostConnection(() =>
        auth ? actorFromBearer(req.headers) : hasSessionCookie(req) ? getSessionActor() : Promise.resolve(null),
      );
      const actor = assertScope(assertRole(caller, role), requirement.scope);
      const params = await ctx.params;
      const query = <S extends z.ZodType>(schema: S) => parseInput(schema, Object.fromEntries(req.nextUrl.searchParams), "query string");
      const body = async <S extends z.ZodType>(schema: S) => parseInput(schema, await readJson(req), "request body");
      return handler({ req, actor, params, query, body });
    };
    try {
      // A read that meets connections the database has just dropped (restart, failover) is
      // run again — the pool discards each dead connection as it fails — for up to ~0.5 s.
      // Writes are not repeated: the client decides, on the 503 below.
      // Authentication (inside `attempt`) is retried for every method: it changes nothing.
      const isRead = req.method === "GET" || req.method === "HEAD";
      return withNoStore(isRead ? await retryOnLostConnection(attempt) : await attempt());
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      if (isConnectionError(error)) {
        log().error({ err: error, method: req.method, path: req.nextUrl.pathname }, "api request lost its database connection");
        const response = errorResponse(
          new AppError("unavailable", "The database connection was interrupted; nothing was changed. Retry in a moment."),
        );
        response.headers.set("retry-after", "1");
        return response;
      }
      log().error({ err: error, method: req.method, path: req.nextUrl.pathname }, "api request failed");
      return errorResponse(new AppError("internal", "Internal error; it has been logged."));
    }
  };
  const wrapped = (req: NextRequest, ctx: TRouteContext<P>): Promise<Response> => {
    const run = async (): Promise<Response> => {
      const started = performance.now();
      const response = await answer(req, ctx);
      // Next passes no params promise to routes without dynamic segments.
      const params = (await Promise.resolve(ctx?.params).catch(() => undefined)) ?? {};
      recordRequest(routePattern(req.nextUrl.pathname, params), req.method, response.status, started);
      return response;
    };
    return requestContext.getStore() ? run() : requestContext.run({ requestId: requestIdFrom(req.headers.get("x-request-id")) }, run);
  };
  return Object.assign(wrapped, { requirement });
}

/**
 * CSRF guard for cookie-authenticated writes: the browser's Origin must be this host.
 * Bearer-token calls carry no ambient credentials and are exempt.
 */
function assertSameOrigin(req: NextRequest): void {
  if (req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (!origin || !host || originHost(origin) !== host) {
    throw new AppError("forbidden", "Cross-site request refused: send it from the app or with an API token");
  }
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" (sandboxed frames, file:) or garbage
  }
}

const hasSessionCookie = (req: NextRequest): boolean => req.cookies.getAll().some((c) => c.name.includes("next-auth.session-token"));

async function readJson(req: NextRequest): Promise<unknown> {
  const text = new TextDecoder().decode(await readBodyLimited(req, MAX_JSON_BYTES));
  if (text.trim() === "") throw new AppError("bad_request", "Request body is empty; send a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("bad_request", `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The route pattern of a request (`/api/v1/phonebooks/[name]/pops/[popIndex]`): each path
 * segment that is the value of a route parameter is replaced by the parameter's name, in
 * order, so the label has as many values as there are routes, whatever the names requested
 * ("(unmatched)" should a parameter's value not be found as a segment).
 */
export function routePattern(pathname: string, params: object): string {
  const pending = Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string");
  const pattern = pathname
    .split("/")
    .map((segment) => {
      let value: string;
      try {
        value = decodeURIComponent(segment);
      } catch {
        value = segment;
      }
      const at = pending.findIndex(([, v]) => v === value);
      if (at === -1) return segment;
      const [name] = pending.splice(at, 1)[0]!;
      return `[${name}]`;
    })
    .join("/");
  return pending.length === 0 ? pattern : "(unmatched)";
}
