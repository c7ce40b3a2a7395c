import "server-only";
import { versionKey, type TCurrentJson } from "@/lib/phonebook/artifact-names";
import { DELTA_WINDOW } from "@/lib/phonebook/limits";
import { log } from "@/lib/server/log";

/** Longest request target (path + query) the endpoint answers (SPEC §5); longer → 414. */
export const MAX_PBS_TARGET_BYTES = 1024;

export type TPbsNoUpdate = { kind: "no_update"; version: number; phonebook: string };
export type TPbsFile = {
  kind: "file";
  /** Storage key of the cab, built by artifact-names.ts from the validated name. */
  key: string;
  fileName: string;
  sha256: string;
  size: number;
  /** Current version V, the version the cab brings the client to. */
  version: number;
  delta: boolean;
  /** Client version the delta starts from (delta cabs only). */
  from?: number;
  phonebook: string;
};
export type TPbsError = {
  kind: "error";
  /** 503 only when the storage cannot be read, never because of the request itself. */
  status: 400 | 404 | 414 | 503;
  message: string;
  /** Upper-case name when the request named a published phone book (for the counters). */
  phonebook?: string;
};
export type TPbsResult = TPbsNoUpdate | TPbsFile | TPbsError;

/** Reads `<org>/<PB>/current.json`; null when the phone book is unknown or never published. */
export type TLoadCurrent = (orgSlug: string, pbKeyUpper: string) => Promise<TCurrentJson | null>;

const PB_NAME = /^[A-Za-z0-9]{1,8}$/;
const ALL_DIGITS = /^[0-9]+$/;
const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const HEX64 = /^[0-9a-f]{64}$/;

const fail = (status: TPbsError["status"], message: string, phonebook?: string): TPbsError =>
  phonebook === undefined ? { kind: "error", status, message } : { kind: "error", status, message, phonebook };

/** Bytes of the target: characters up to U+00FF are single bytes as Node's parser hands them over. */
function targetBytes(target: string): number {
  for (let i = 0; i < target.length; i++) {
    if (target.charCodeAt(i) > 0xff) return Buffer.byteLength(target, "utf8");
  }
  return target.length;
}

/** `application/x-www-form-urlencoded` decoding; null on a malformed escape. */
function decode(raw: string): string | null {
  if (raw.indexOf("%") === -1 && raw.indexOf("+") === -1) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

function hasEscape(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 37 /* % */ || code === 43 /* + */) return true;
  }
  return false;
}

type TQuery = { pb: string | undefined; pbver: string | undefined };

/**
 * Reads `pb` and `pbver` from the query. Names are case-insensitive; when a parameter
 * repeats, the first occurrence wins (convention); unknown parameters are ignored without
 * decoding their values. Returns an error message for a malformed escape in a name or in
 * the value of `pb`/`pbver`.
 */
function readQuery(query: string): TQuery | string {
  const out: TQuery = { pb: undefined, pbver: undefined };
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf("&", start);
    if (end === -1) end = query.length;
    if (end > start) {
      const eq = query.indexOf("=", start);
      const hasValue = eq !== -1 && eq < end;
      const nameEnd = hasValue ? eq : end;
      // Only names that are, or may decode to, "pb"/"pbver" need a string of their own.
      if (nameEnd - start !== 2 && nameEnd - start !== 5 && !hasEscape(query, start, nameEnd)) {
        start = end + 1;
        continue;
      }
      const name = decode(query.slice(start, nameEnd));
      if (name === null) return "Malformed percent-encoding in a parameter name";
      const lower = name.length === 2 || name.length === 5 ? name.toLowerCase() : "";
      if ((lower === "pb" && out.pb === undefined) || (lower === "pbver" && out.pbver === undefined)) {
        const value = hasValue ? decode(query.slice(eq + 1, end)) : "";
        if (value === null) return `Malformed percent-encoding in parameter ${lower}`;
        out[lower] = value;
      }
    }
    start = end + 1;
  }
  return out;
}

/** Client version from `pbver`: digits only (leading zeros allowed); beyond 15 digits it is above any V. */
function parsePbver(value: string): number | null {
  if (!ALL_DIGITS.test(value)) return null;
  const significant = value.replace(/^0+(?=.)/, "");
  return significant.length > 15 ? Number.MAX_SAFE_INTEGER : Number(significant);
}

type TPlan = {
  orgSlug: string;
  pb: string;
  version: number;
  noUpdate: TPbsNoUpdate;
  full: TPbsFile | TPbsError;
  deltas: Map<number, TPbsFile>;
};

// Answers derived from one current.json object, built once: the cached hot path allocates nothing.
const plans = new WeakMap<TCurrentJson, TPlan>();

function fileResult(orgSlug: string, pb: string, current: TCurrentJson, fileName: string | undefined, from?: number): TPbsFile | null {
  if (fileName === undefined || !SAFE_FILE.test(fileName)) return null;
  const sha256 = current.sha256[fileName];
  const size = current.size[fileName];
  if (sha256 === undefined || !HEX64.test(sha256) || size === undefined) return null;
  const base = {
    kind: "file" as const,
    key: versionKey(orgSlug, pb, current.version, fileName),
    fileName,
    sha256,
    size,
    version: current.version,
  };
  return Object.freeze(from === undefined ? { ...base, delta: false, phonebook: pb } : { ...base, delta: true, from, phonebook: pb });
}

function planOf(orgSlug: string, pb: string, current: TCurrentJson): TPlan {
  const known = plans.get(current);
  if (known && known.orgSlug === orgSlug && known.pb === pb) return known;
  const deltas = new Map<number, TPbsFile>();
  // Policy "full": no delta is offered, every client that is behind gets the Full cab.
  const offered = current.deliveryPolicy === "full" ? {} : current.deltas;
  for (const [from, fileName] of Object.entries(offered)) {
    const c = Number(from);
    const result = fileResult(orgSlug, pb, current, fileName, c);
    if (result && c >= 1 && c < current.version) deltas.set(c, result);
  }
  const plan: TPlan = {
    orgSlug,
    pb,
    version: current.version,
    noUpdate: Object.freeze({ kind: "no_update" as const, version: current.version, phonebook: pb }),
    full: fileResult(orgSlug, pb, current, current.full) ?? fail(503, `Published data of phone book ${pb} is incomplete`, pb),
    deltas,
  };
  plans.set(current, plan);
  return plan;
}

/**
 * Decides the PBS answer (SPEC §5) for one request target (`/path?query`, as received):
 * 414 over 1,024 bytes; 400 without a query, with a missing or invalid `pb` (phone book name
 * rules) or a `pbver` that is not a non-negative integer; 404 when the phone book has no
 * current.json; else no update (c ≥ V), the delta cab from c (1 ≤ V−c ≤ 5, full when that
 * delta is missing or current.json's delivery policy is "full") or the full cab. Never throws: a storage failure in `loadCurrent` is a
 * 503 (the request was fine; the caller adds Retry-After). Storage keys come from
 * artifact-names.ts with the validated upper-case name and file names from current.json.
 */
export async function resolvePbsRequest(input: { target: string; orgSlug: string; loadCurrent: TLoadCurrent }): Promise<TPbsResult> {
  try {
    const { target, orgSlug } = input;
    if (targetBytes(target) > MAX_PBS_TARGET_BYTES) return fail(414, `Request target longer than ${MAX_PBS_TARGET_BYTES} bytes`);
    const mark = target.indexOf("?");
    if (mark === -1 || mark === target.length - 1) return fail(400, "Missing query string: pb and pbver are required");
    const query = readQuery(target.slice(mark + 1));
    if (typeof query === "string") return fail(400, query);
    if (query.pb === undefined || query.pb === "") return fail(400, "Missing parameter pb (phone book name)");
    if (!PB_NAME.test(query.pb) || ALL_DIGITS.test(query.pb)) {
      return fail(400, "Invalid parameter pb: a phone book name is 1 to 8 ASCII letters and digits, not all digits");
    }
    const pb = query.pb.toUpperCase();
    const c = query.pbver === undefined ? null : parsePbver(query.pbver);
    if (c === null) {
      const message =
        query.pbver === undefined ? "Missing parameter pbver (client version)" : "Invalid parameter pbver: expected a non-negative integer";
      // Attribute the error to the phone book when it exists, so its error counter moves.
      const known = await input.loadCurrent(orgSlug, pb).catch(() => null);
      return fail(400, message, known ? pb : undefined);
    }
    let current: TCurrentJson | null;
    try {
      current = await input.loadCurrent(orgSlug, pb);
    } catch {
      return fail(503, "Phone book storage is unavailable; retry later");
    }
    if (!current) return fail(404, `Phone book ${pb} not found or never published`);
    const plan = planOf(orgSlug, pb, current);
    const V = plan.version;
    if (c >= V) return plan.noUpdate;
    if (c >= 1 && V - c <= DELTA_WINDOW) return plan.deltas.get(c) ?? plan.full;
    return plan.full;
  } catch (error) {
    log().error({ err: error }, "pbs resolver failed unexpectedly");
    return fail(503, "Phone book service error; retry later");
  }
}
