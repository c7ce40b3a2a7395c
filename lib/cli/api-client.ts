import { z } from "zod";
import type { TCliEnv } from "./cli-env";
import { CliError, EXIT } from "./exit-codes";

/** The API's error body (README "API"): {"error":{"code","message","details"}}. */
const ZApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

type TRequest = {
  method?: "GET" | "POST";
  query?: Record<string, string | undefined>;
  body?: { data: Uint8Array<ArrayBuffer> | string; contentType: string };
};

/**
 * Talks to the REST API under `<PBA_URL>/api/v1` with the bearer token. Every failure
 * becomes a CliError: the API's own error (exit 1, or 3 for 401/403 and 5xx), a network
 * error (exit 3), or an answer that is not what the API documents (exit 3).
 */
export class ApiClient {
  constructor(
    private readonly config: TCliEnv,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** The absolute URL of an app path (for what the CLI shows, e.g. the PBS endpoint). */
  url(path: string): string {
    return `${this.config.PBA_URL}${path}`;
  }

  /** A successful (2xx) response; its body is left for the caller to read or stream. */
  async send(path: string, request: TRequest = {}): Promise<Response> {
    const url = new URL(`${this.config.PBA_URL}/api/v1${path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { authorization: `Bearer ${this.config.PBA_TOKEN}`, "user-agent": "pba-cli" };
    if (request.body) headers["content-type"] = request.body.contentType;
    let response: Response;
    try {
      response = await this.fetchFn(url, { method: request.method ?? "GET", headers, body: request.body?.data, redirect: "error" });
    } catch (error) {
      throw new CliError(`cannot reach ${this.config.PBA_URL}: ${networkReason(error)}`, EXIT.network, { code: "network" });
    }
    if (!response.ok) throw await apiError(response, `${request.method ?? "GET"} ${url.pathname}`);
    return response;
  }

  /** A JSON answer, checked against `schema` (only the fields the CLI uses). */
  async json<S extends z.ZodType>(path: string, schema: S, request: TRequest = {}): Promise<z.output<S>> {
    const response = await this.send(path, request);
    const text = await response.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new CliError(`${path}: the server did not answer JSON (is PBA_URL the app's URL?)`, EXIT.network, { code: "bad_response" });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(`${path}: unexpected answer (${issue?.path.join(".") || "body"}: ${issue?.message})`, EXIT.network, {
        code: "bad_response",
      });
    }
    return parsed.data;
  }
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) return "code" in cause && typeof cause.code === "string" ? `${cause.code} (${cause.message})` : cause.message;
  return String(cause);
}

async function apiError(response: Response, what: string): Promise<CliError> {
  const text = await response.text().catch(() => "");
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: a proxy's page, a wrong URL */
  }
  const exitCode = response.status === 401 || response.status === 403 || response.status >= 500 ? EXIT.network : EXIT.refused;
  const parsed = ZApiError.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new CliError(message, exitCode, { code, status: response.status, details: details ?? null });
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return new CliError(`${what}: ${status}${snippet ? `: ${snippet}` : ""}`, exitCode, {
    code: "http_error",
    status: response.status,
  });
}
