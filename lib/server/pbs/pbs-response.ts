import "server-only";
import type { ServerResponse } from "node:http";
import { env } from "@/lib/env";
import type { TArtifactEntry, TPbsCache } from "./current-cache";
import type { TPbsError, TPbsFile, TPbsResult } from "./resolve-pbs-request";

/** `stream` sends the cab bytes; `redirect` answers 302 to the artifact's public URL. */
export type TPbsDelivery = "stream" | "redirect";

/** An HTTP answer independent of the server: Node's `http` and the Next route both send it. */
export type TPbsAnswer = { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer | null };

export const CAB_CONTENT_TYPE = "application/vnd.ms-cab-compressed";
/** Seconds a client should wait after a 503 (storage unavailable). */
export const RETRY_AFTER_SECONDS = 5;

// Errors of the server itself (storage unavailable) are never kept by a cache.
const NO_CACHE = "no-cache";
let answerCacheControl: string | undefined;

/**
 * Cache-Control of every PBS answer but 5xx. The answer depends on the current version, so by
 * default (PBS_ANSWER_MAX_AGE=0) caches revalidate each time. With PBS_ANSWER_MAX_AGE=N a
 * shared cache (a CDN) may reuse an answer for N seconds (`s-maxage`), keyed on the full
 * query, so clients see a publish at most N s (+ PBS_CACHE_SECONDS) late; browsers and other
 * private caches still revalidate (`max-age=0`). README "Putting a CDN in front".
 */
export function pbsCacheControl(): string {
  answerCacheControl ??= env().PBS_ANSWER_MAX_AGE > 0 ? `public, max-age=0, s-maxage=${env().PBS_ANSWER_MAX_AGE}` : NO_CACHE;
  return answerCacheControl;
}

let noUpdate: TPbsAnswer | undefined;
const noUpdateAnswer = (): TPbsAnswer =>
  (noUpdate ??= Object.freeze({ status: 204, headers: Object.freeze({ "Cache-Control": pbsCacheControl() }), body: null }));

type TArtifactAnswers = { get: TPbsAnswer; head: TPbsAnswer; notModified: TPbsAnswer; etag: string };
// Built once per cached artifact: the hot path reuses these objects.
const streamAnswers = new WeakMap<TArtifactEntry, TArtifactAnswers>();
const redirectAnswers = new WeakMap<TPbsFile, TPbsAnswer | null>();

function artifactAnswers(file: TPbsFile, entry: TArtifactEntry): TArtifactAnswers {
  const known = streamAnswers.get(entry);
  if (known) return known;
  const etag = `"${entry.sha256}"`;
  const headers = Object.freeze({
    "Content-Type": CAB_CONTENT_TYPE,
    "Content-Length": String(entry.bytes.length),
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
    ETag: etag,
    "Cache-Control": pbsCacheControl(),
  });
  const answers: TArtifactAnswers = {
    etag,
    get: Object.freeze({ status: 200, headers, body: entry.bytes }),
    head: Object.freeze({ status: 200, headers, body: null }),
    notModified: Object.freeze({ status: 304, headers: Object.freeze({ ETag: etag, "Cache-Control": pbsCacheControl() }), body: null }),
  };
  streamAnswers.set(entry, answers);
  return answers;
}

/** Plain-text error answer; 503 adds Retry-After. */
export function errorAnswer(status: number, message: string): TPbsAnswer {
  const body = Buffer.from(`${message}\n`, "utf8");
  const headers: Record<string, string> = {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(body.length),
    "Cache-Control": status >= 500 ? NO_CACHE : pbsCacheControl(),
    "X-Content-Type-Options": "nosniff",
  };
  if (status === 503) headers["Retry-After"] = String(RETRY_AFTER_SECONDS);
  return { status, headers, body };
}

/** True when an If-None-Match header names this entity tag (or `*`); weak tags compare equal. */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === etag) return true;
  for (const part of ifNoneMatch.split(",")) {
    const tag = part.trim();
    if (tag === "*" || tag === etag || (tag.startsWith("W/") && tag.slice(2) === etag)) return true;
  }
  return false;
}

function redirectAnswer(file: TPbsFile, cache: TPbsCache): TPbsAnswer | null {
  let answer = redirectAnswers.get(file);
  if (answer === undefined) {
    const url = cache.storage.publicUrl(file.key);
    answer =
      url === null
        ? null
        : Object.freeze({
            status: 302,
            headers: Object.freeze({ Location: url, "Cache-Control": pbsCacheControl(), "Content-Length": "0" }),
            body: null,
          });
    redirectAnswers.set(file, answer);
  }
  return answer;
}

/**
 * The HTTP answer for a resolver result (SPEC §5): 204 for no update; 200 with the cab
 * (Content-Type, Content-Disposition, ETag = its sha256, pbsCacheControl()) or 304 when If-None-Match
 * names it; with `redirect` delivery a 302 to `storage.publicUrl(key)` (streamed when the
 * storage has no public URL); errors as plain text. HEAD gets the same headers, no body.
 * Throws PbsArtifactError when the storage lacks the artifact or holds other bytes.
 */
export async function buildPbsAnswer(input: {
  result: TPbsResult;
  method: string;
  ifNoneMatch?: string | null;
  delivery: TPbsDelivery;
  cache: TPbsCache;
}): Promise<TPbsAnswer> {
  const { result } = input;
  if (result.kind === "no_update") return noUpdateAnswer();
  if (result.kind === "error") return errorAnswerOf(result);
  if (input.delivery === "redirect") {
    const redirect = redirectAnswer(result, input.cache);
    if (redirect) return redirect;
  }
  const answers = artifactAnswers(result, await input.cache.getArtifact(result.key, result.sha256));
  if (input.ifNoneMatch && matchesEtag(input.ifNoneMatch, answers.etag)) return answers.notModified;
  return input.method === "HEAD" ? answers.head : answers.get;
}

const errorAnswers = new Map<string, TPbsAnswer>();

/** Error answers repeat (the same few messages), so they are kept once built. */
function errorAnswerOf(result: TPbsError): TPbsAnswer {
  const key = `${result.status} ${result.message}`;
  let answer = errorAnswers.get(key);
  if (!answer) {
    answer = errorAnswer(result.status, result.message);
    if (errorAnswers.size < 1000) errorAnswers.set(key, answer);
  }
  return answer;
}

/** Sends an answer on Node's `http` response (no body for HEAD). */
export function sendNodeAnswer(res: ServerResponse, answer: TPbsAnswer, isHead: boolean): number {
  res.writeHead(answer.status, answer.headers);
  if (answer.body && !isHead) {
    res.end(answer.body);
    return answer.body.length;
  }
  res.end();
  return 0;
}

// Next.js drops a route handler's Content-Length and sends the body chunked; the app's
// server (scripts/server.mjs, keepContentLength) restores it from this header.
const CONTENT_LENGTH_HINT = "x-pba-content-length";

/**
 * The answer as a Fetch API Response (Next route handlers). Its length also goes in
 * `x-pba-content-length`, so that PBS answers leave the app with Content-Length, never chunked.
 */
export function toWebResponse(answer: TPbsAnswer, isHead: boolean): Response {
  // A copy: a web stream may transfer (detach) the buffer it is given, and ours are cached.
  const body = answer.body && !isHead ? new Uint8Array(answer.body) : null;
  const headers = new Headers(answer.headers);
  const length = answer.headers["Content-Length"];
  if (length !== undefined) headers.set(CONTENT_LENGTH_HINT, length);
  return new Response(body, { status: answer.status, headers });
}
