import { z } from "zod";
import type { TRole } from "@/lib/roles";
import type { TScope } from "@/lib/scopes";
import { ZAdoptQuery } from "@/lib/schemas/adopt";
import { ZAuditExportQuery } from "@/lib/schemas/audit";
import { ZImportQuery } from "@/lib/schemas/import";
import { ZInvitationCreate } from "@/lib/schemas/invitation";
import { ZMemberRolePatch } from "@/lib/schemas/member";
import { ZPhonebookCreate, ZPhonebookDeleteQuery, ZPhonebookPatch } from "@/lib/schemas/phonebook";
import { ZPopBulk, ZPopCreate, ZPopListQuery, ZPopPatch } from "@/lib/schemas/pop";
import { ZRegionInput } from "@/lib/schemas/region";
import { ZSsoSettings } from "@/lib/schemas/sso";
import { ZTokenCreate } from "@/lib/schemas/token";
import * as R from "./responses";

// Every operation of /api/v1, declared once with the zod schemas the routes parse their input
// with (lib/schemas/*) and the answer schemas of ./responses.ts. lib/server/openapi/document.ts
// turns this into the OpenAPI 3.1 document served at GET /api/v1/openapi.json;
// lib/server/openapi/openapi.test.ts fails for a route handler without an entry here, or whose
// role and scope differ from the entry's.

export type THttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One answer: a JSON body (zod schema) or another media type (a file, a stream). */
export type TAnswer = { description: string; json?: z.ZodType; media?: { type: string; schema?: z.ZodType } };

export type TOperation = {
  /** The route file, relative to app/api/v1 ("phonebooks/[name]/route.ts"). */
  route: string;
  method: THttpMethod;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** null: public, no authentication (the document itself). */
  auth: { role: TRole; scope: TScope } | null;
  /** Path parameters by name (each segment `[name]` of the route). */
  params?: Record<string, z.ZodType>;
  query?: z.ZodType;
  /** Extra header parameters. */
  headers?: Record<string, { schema: z.ZodType; description: string }>;
  body?: { json: z.ZodType } | { media: string; description: string };
  /** Success answers by status. */
  ok: Record<number, TAnswer>;
  /** Error statuses this operation documents besides 401, 403, 500 and 503 (and 400 for input, 404 for path parameters). */
  errors?: Partial<Record<400 | 404 | 409 | 413 | 422, string>>;
};

const ZName = z.string().min(1).describe("Phone book name (case-insensitive)");
const ZPopIndex = z.int().min(1).max(2_147_483_647).describe("POP index, from 1");
const ZVersionNumber = z.int().min(1).max(99_999).describe("Version number, from 1");
const ZUuid = z.uuid();
const book = { name: ZName };
const version = { name: ZName, version: ZVersionNumber };

const admin = { role: "admin", scope: "admin" } as const;
const viewer = { role: "viewer", scope: "read" } as const;
const editor = { role: "editor", scope: "write" } as const;
const publisher = { role: "admin", scope: "publish" } as const;
const owner = { role: "owner", scope: "admin" } as const;
const ownTokens = { role: "viewer", scope: "admin" } as const;

export const OPERATIONS: TOperation[] = [
  {
    route: "openapi.json/route.ts",
    method: "GET",
    operationId: "getOpenApiDocument",
    tag: "Meta",
    summary: "This OpenAPI 3.1 document",
    description: "Public: it describes the API of every installation and holds no data of any organisation.",
    auth: null,
    ok: { 200: { description: "The document", media: { type: "application/json" } } },
  },
  // Phone books
  {
    route: "phonebooks/route.ts",
    method: "GET",
    operationId: "listPhonebooks",
    tag: "Phone books",
    summary: "List the organisation's phone books with counts",
    description: "A token limited to some phone books sees those only.",
    auth: viewer,
    ok: { 200: { description: "Phone books by name", json: R.ZPhonebookList } },
  },
  {
    route: "phonebooks/route.ts",
    method: "POST",
    operationId: "createPhonebook",
    tag: "Phone books",
    summary: "Create a phone book",
    auth: admin,
    body: { json: ZPhonebookCreate },
    ok: { 201: { description: "The new phone book", json: R.ZPhonebookSummary } },
    errors: { 409: "A phone book of that name exists" },
  },
  {
    route: "phonebooks/[name]/route.ts",
    method: "GET",
    operationId: "getPhonebook",
    tag: "Phone books",
    summary: "One phone book",
    description: "With its current version, POP count, pending changes and `pbsPath`, the path of the organisation's PBS endpoint.",
    auth: viewer,
    params: book,
    ok: { 200: { description: "The phone book", json: R.ZPhonebookDetail } },
  },
  {
    route: "phonebooks/[name]/route.ts",
    method: "PATCH",
    operationId: "updatePhonebook",
    tag: "Phone books",
    summary: "Rename a phone book or change its description or delivery policy",
    auth: admin,
    params: book,
    body: { json: ZPhonebookPatch },
    ok: { 200: { description: "The phone book after the change", json: R.ZPhonebookSummary } },
    errors: { 409: "The new name is taken" },
  },
  {
    route: "phonebooks/[name]/route.ts",
    method: "DELETE",
    operationId: "deletePhonebook",
    tag: "Phone books",
    summary: "Delete a phone book, with purge=true also its published files",
    auth: admin,
    params: book,
    query: ZPhonebookDeleteQuery,
    ok: { 200: { description: "What was deleted", json: R.ZPhonebookDeleted } },
  },
  {
    route: "phonebooks/[name]/export.csv/route.ts",
    method: "GET",
    operationId: "exportPhonebookCsv",
    tag: "Imports",
    summary: "Every POP in the import format (round-trips through import)",
    auth: viewer,
    params: book,
    ok: { 200: { description: "CSV file", media: { type: "text/csv", schema: z.string() } } },
  },
  {
    route: "phonebooks/[name]/imports/route.ts",
    method: "POST",
    operationId: "importPops",
    tag: "Imports",
    summary: "Import a CSV (or PBA POP input) file: merge or replace, optionally as a dry run",
    description:
      "Every row is checked first; any error answers 422 with `details.errors` ([{line, column, field, message}]) and `details.total`, and nothing is written. At most 20 MB.",
    auth: editor,
    params: book,
    query: ZImportQuery,
    body: { media: "text/csv", description: "The file, as sent (UTF-8 or Windows-1252)" },
    ok: { 200: { description: "Counts of what was (or, in a dry run, would be) done", json: R.ZImportResult } },
    errors: {
      409: "Another import into this phone book (or two in the organisation) is running",
      413: "The file or the number of rows or changes is over the limit",
      422: "Rows with errors: details.errors and details.total",
    },
  },
  // POPs
  {
    route: "phonebooks/[name]/pops/route.ts",
    method: "GET",
    operationId: "listPops",
    tag: "POPs",
    summary: "One page of POPs, filtered and sorted",
    auth: viewer,
    params: book,
    query: ZPopListQuery,
    ok: { 200: { description: "The page", json: R.ZPopPage } },
  },
  {
    route: "phonebooks/[name]/pops/route.ts",
    method: "POST",
    operationId: "createPop",
    tag: "POPs",
    summary: "Add a POP",
    auth: editor,
    params: book,
    body: { json: ZPopCreate },
    ok: { 201: { description: "The new POP", json: R.ZPop } },
    errors: { 409: "The POP index is taken", 413: "Over the limit of POPs or pending changes" },
  },
  {
    route: "phonebooks/[name]/pops/bulk/route.ts",
    method: "POST",
    operationId: "bulkUpdatePops",
    tag: "POPs",
    summary: "Delete POPs or set them in or out of service",
    auth: editor,
    params: book,
    body: { json: ZPopBulk },
    ok: { 200: { description: "How many POPs changed", json: R.ZAffected } },
    errors: { 413: "Over the limit of pending changes" },
  },
  {
    route: "phonebooks/[name]/pops/[popIndex]/route.ts",
    method: "GET",
    operationId: "getPop",
    tag: "POPs",
    summary: "One POP",
    auth: viewer,
    params: { name: ZName, popIndex: ZPopIndex },
    ok: { 200: { description: "The POP", json: R.ZPop } },
  },
  {
    route: "phonebooks/[name]/pops/[popIndex]/route.ts",
    method: "PATCH",
    operationId: "updatePop",
    tag: "POPs",
    summary: "Change some fields of a POP",
    auth: editor,
    params: { name: ZName, popIndex: ZPopIndex },
    body: { json: ZPopPatch },
    ok: { 200: { description: "The POP after the change", json: R.ZPop } },
    errors: { 413: "Over the limit of pending changes" },
  },
  {
    route: "phonebooks/[name]/pops/[popIndex]/route.ts",
    method: "DELETE",
    operationId: "deletePop",
    tag: "POPs",
    summary: "Remove a POP",
    auth: editor,
    params: { name: ZName, popIndex: ZPopIndex },
    ok: { 200: { description: "1 when it was removed", json: R.ZAffected } },
    errors: { 413: "Over the limit of pending changes" },
  },
  // Regions
  {
    route: "phonebooks/[name]/regions/route.ts",
    method: "GET",
    operationId: "listRegions",
    tag: "Regions",
    summary: "Regions by name, each with its .pbr position and POP count",
    auth: viewer,
    params: book,
    ok: { 200: { description: "The regions", json: R.ZRegionList } },
  },
  {
    route: "phonebooks/[name]/regions/route.ts",
    method: "POST",
    operationId: "createRegion",
    tag: "Regions",
    summary: "Create a region",
    auth: editor,
    params: book,
    body: { json: ZRegionInput },
    ok: { 201: { description: "The new region", json: R.ZRegion } },
    errors: { 409: "A region of that name exists" },
  },
  {
    route: "phonebooks/[name]/regions/[id]/route.ts",
    method: "PATCH",
    operationId: "renameRegion",
    tag: "Regions",
    summary: "Rename a region",
    auth: editor,
    params: { name: ZName, id: ZUuid },
    body: { json: ZRegionInput },
    ok: { 200: { description: "The region after the change", json: R.ZRegion } },
    errors: { 409: "A region of that name exists" },
  },
  {
    route: "phonebooks/[name]/regions/[id]/route.ts",
    method: "DELETE",
    operationId: "deleteRegion",
    tag: "Regions",
    summary: "Delete a region; its POPs fall back to all regions",
    auth: editor,
    params: { name: ZName, id: ZUuid },
    ok: { 200: { description: "How many POPs lost the region", json: R.ZRegionDeleted } },
  },
  // Versions
  {
    route: "phonebooks/[name]/publish/route.ts",
    method: "POST",
    operationId: "publishPhonebook",
    tag: "Versions",
    summary: "Publish the pending changes as a new version",
    description:
      "With `?progress=ndjson` the answer is 200 and streams one JSON line per stage (`{stage}`), then `{result}` or `{error: {code, message}}`.",
    auth: publisher,
    params: book,
    query: z.object({ progress: z.enum(["ndjson"]).optional().describe("Stream the stages as NDJSON") }),
    ok: {
      200: {
        description: "With progress=ndjson: one JSON line per stage, then the result or the error (the schema is one line's)",
        media: { type: "application/x-ndjson", schema: R.ZPublishProgressLine },
      },
      201: { description: "The new version", json: R.ZPublishResult },
    },
    errors: { 409: "Nothing to publish, or a publish of this phone book is in progress" },
  },
  {
    route: "phonebooks/[name]/versions/route.ts",
    method: "GET",
    operationId: "listVersions",
    tag: "Versions",
    summary: "Version history, newest first, with each version's files",
    auth: viewer,
    params: book,
    ok: { 200: { description: "The versions", json: R.ZVersionList } },
  },
  {
    route: "phonebooks/[name]/versions/[version]/files/[file]/route.ts",
    method: "GET",
    operationId: "downloadVersionFile",
    tag: "Versions",
    summary: "Download one file of a version (.pbk, .pbr, .ver or a cab)",
    auth: viewer,
    params: { ...version, file: z.string().min(1).describe("File name, as listed in the version's artifacts") },
    ok: {
      200: {
        description: "The file (application/vnd.ms-cab-compressed for a cab, else text/plain; charset=us-ascii)",
        media: { type: "application/octet-stream", schema: z.string() },
      },
    },
  },
  {
    route: "phonebooks/[name]/versions/[version]/bundle.zip/route.ts",
    method: "GET",
    operationId: "downloadVersionBundle",
    tag: "Versions",
    summary: "Every file of a version plus a manifest, as a zip",
    auth: viewer,
    params: version,
    ok: { 200: { description: "Zip archive", media: { type: "application/zip", schema: z.string() } } },
  },
  {
    route: "phonebooks/[name]/versions/[version]/restore/route.ts",
    method: "POST",
    operationId: "restoreVersion",
    tag: "Versions",
    summary: "Publish the content of an earlier version as a new version",
    auth: publisher,
    params: version,
    ok: { 201: { description: "The new version", json: R.ZPublishResult } },
    errors: { 409: "A publish of this phone book is in progress" },
  },
  {
    route: "phonebooks/[name]/adopt/route.ts",
    method: "POST",
    operationId: "adoptPhonebook",
    tag: "Versions",
    summary: "Adopt a phone book from PBA/PBS at its version (a Full cab, a zip, or the .pbk, .pbr and .ver as multipart files)",
    description:
      "For a phone book never published and without POPs. The POPs of the .pbk, the regions of the .pbr at their positions, version N (the .ver, or `version`); the .pbk and .pbr are stored byte for byte with a Full cab. A dry run answers 200 and writes nothing. Problems in the files answer 422 with `details.errors` ([{file, line, column?, message}]) and `details.total`. At most 32 MiB.",
    auth: publisher,
    params: book,
    query: ZAdoptQuery,
    body: {
      media: "application/vnd.ms-cab-compressed",
      description: "The Full cab as PBA posted it; or application/zip, or multipart/form-data with the files",
    },
    ok: {
      200: { description: "Dry run: what adoption would do", json: R.ZAdoptResult },
      201: { description: "The adopted version", json: R.ZAdoptResult },
    },
    errors: {
      400: "Not a cab or zip, a file missing or given twice, no version, or the .ver and `version` disagree",
      409: "The phone book was published or holds POPs",
      413: "The upload or what it unpacks to is over 32 MiB",
      422: "Lines a client would reject: details.errors and details.total",
    },
  },
  // Members and invitations
  {
    route: "members/route.ts",
    method: "GET",
    operationId: "listMembers",
    tag: "Members",
    summary: "Members of the organisation with their roles",
    auth: viewer,
    ok: { 200: { description: "The members", json: R.ZMemberList } },
  },
  {
    route: "members/route.ts",
    method: "POST",
    operationId: "addMember",
    tag: "Members",
    summary: "Add a member by invitation (same as POST /api/v1/invitations)",
    auth: admin,
    body: { json: ZInvitationCreate },
    ok: { 201: { description: "The invitation; `link` when it was not emailed", json: R.ZInvitationResult } },
    errors: { 409: "The address is a member already" },
  },
  {
    route: "members/[userId]/route.ts",
    method: "PATCH",
    operationId: "updateMemberRole",
    tag: "Members",
    summary: "Change a member's role",
    auth: admin,
    params: { userId: ZUuid },
    body: { json: ZMemberRolePatch },
    ok: { 200: { description: "The member after the change", json: R.ZMember } },
    errors: { 409: "The organisation would be left without an owner" },
  },
  {
    route: "members/[userId]/route.ts",
    method: "DELETE",
    operationId: "removeMember",
    tag: "Members",
    summary: "Remove a member and revoke their tokens of this organisation",
    auth: admin,
    params: { userId: ZUuid },
    ok: { 200: { description: "Who was removed", json: R.ZMemberRemoved } },
    errors: { 409: "The organisation would be left without an owner" },
  },
  {
    route: "invitations/route.ts",
    method: "GET",
    operationId: "listInvitations",
    tag: "Members",
    summary: "Open invitations of the organisation",
    auth: admin,
    ok: { 200: { description: "The invitations", json: R.ZInvitationList } },
  },
  {
    route: "invitations/route.ts",
    method: "POST",
    operationId: "createInvitation",
    tag: "Members",
    summary: "Invite an address at a role; the link is emailed, or returned once",
    auth: admin,
    body: { json: ZInvitationCreate },
    ok: { 201: { description: "The invitation; `link` when it was not emailed", json: R.ZInvitationResult } },
    errors: { 409: "The address is a member already" },
  },
  {
    route: "invitations/[id]/route.ts",
    method: "DELETE",
    operationId: "revokeInvitation",
    tag: "Members",
    summary: "Withdraw an open invitation",
    auth: admin,
    params: { id: ZUuid },
    ok: { 200: { description: "The withdrawn invitation", json: R.ZInvitationRevoked } },
  },
  // Tokens
  {
    route: "tokens/route.ts",
    method: "GET",
    operationId: "listTokens",
    tag: "API tokens",
    summary: "API tokens (never their values): the organisation's for admins, else the caller's own",
    auth: ownTokens,
    ok: { 200: { description: "The tokens", json: R.ZTokenList } },
  },
  {
    route: "tokens/route.ts",
    method: "POST",
    operationId: "createToken",
    tag: "API tokens",
    summary: "Create a token; its value is in this answer only",
    description: "A browser session needs a recent second factor, or sends one in X-Two-Factor-Code.",
    auth: ownTokens,
    headers: { "X-Two-Factor-Code": { schema: z.string().max(40), description: "A current TOTP or recovery code (browser sessions)" } },
    body: { json: ZTokenCreate },
    ok: { 201: { description: "The token with its value", json: R.ZTokenCreated } },
  },
  {
    route: "tokens/[id]/route.ts",
    method: "DELETE",
    operationId: "revokeToken",
    tag: "API tokens",
    summary: "Revoke a token; it stops working at once",
    description: "Own tokens: anyone; others': admins; an owner's: owners.",
    auth: ownTokens,
    params: { id: ZUuid },
    ok: { 200: { description: "The token, revoked", json: R.ZToken } },
  },
  // Organisation
  {
    route: "audit/export/route.ts",
    method: "GET",
    operationId: "exportAudit",
    tag: "Audit",
    summary: "The organisation's audit events of some UTC days, oldest first, as CSV or JSON lines",
    auth: viewer,
    query: ZAuditExportQuery,
    ok: {
      200: { description: "text/csv or application/x-ndjson (format=jsonl), streamed", media: { type: "text/csv", schema: z.string() } },
    },
  },
  {
    route: "sso/route.ts",
    method: "GET",
    operationId: "getSsoSettings",
    tag: "Single sign-on",
    summary: 'Single sign-on settings (the client secret shown as "set") and the redirect URI',
    auth: owner,
    ok: { 200: { description: "The settings, or sso: null", json: R.ZSsoAnswer } },
  },
  {
    route: "sso/route.ts",
    method: "PUT",
    operationId: "saveSsoSettings",
    tag: "Single sign-on",
    summary: "Set up or change single sign-on; runs OpenID discovery first",
    auth: owner,
    body: { json: ZSsoSettings },
    ok: { 200: { description: "The saved settings", json: R.ZSsoSaved } },
  },
  {
    route: "sso/route.ts",
    method: "DELETE",
    operationId: "deleteSsoSettings",
    tag: "Single sign-on",
    summary: "Remove single sign-on (sessions made through it end)",
    auth: owner,
    ok: { 200: { description: "Deleted", json: R.ZSsoDeleted } },
    errors: { 404: "No single sign-on is set up" },
  },
];
