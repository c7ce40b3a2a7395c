import { z } from "zod";
import { ZDeliveryPolicy } from "@/lib/phonebook/artifact-names";
import { ROLES } from "@/lib/roles";
import { SCOPES } from "@/lib/scopes";
import { SSO_ROLES } from "@/lib/schemas/sso";
import type { TImportWarning } from "@/lib/import/types";
import type { TInvitationResult } from "@/lib/server/invitations/create-invitation";
import type { TInvitation } from "@/lib/server/invitations/list-invitations";
import type { TMember } from "@/lib/server/members/list-members";
import type { TPhonebookSummary } from "@/lib/server/phonebooks/list-phonebooks";
import type { TImportResult } from "@/lib/server/imports/run-import";
import type { TPopDto } from "@/lib/server/pops/pop-dto";
import type { TPopPage } from "@/lib/server/pops/list-pops";
import type { TRegionDto } from "@/lib/server/regions/list-regions";
import type { TSsoSettingsView } from "@/lib/server/sso/sso-settings";
import type { TTokenSummary } from "@/lib/server/tokens/list-tokens";
import type { TPublishResult, TPublishStage } from "@/lib/server/versions/publish-version";
import type { TAdoptResult } from "@/lib/server/adopt/adopt-phonebook";
import type { TVersionDto } from "@/lib/server/versions/list-versions";

// Answer bodies of /api/v1 as zod schemas, for the OpenAPI document (lib/server/openapi/document.ts).
// Each is checked below to be exactly the TypeScript type its server function returns, so the
// document cannot drift from what the code sends; lib/server/openapi/openapi.test.ts also
// validates real answers against the document.

const ZIso = z.iso.datetime({ offset: true });
const ZRole = z.enum(ROLES);

/** `{"error": {code, message, details}}` of every failed call (lib/server/errors.ts, lib/server/with-api.ts). */
export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum([
        "bad_request",
        "invalid_input",
        "unauthorized",
        "forbidden",
        "not_found",
        "conflict",
        "too_large",
        "validation_failed",
        "unavailable",
        "internal",
      ]),
      message: z.string(),
      details: z.unknown().describe("null, or what the code documents: {fields:[{field,message}]} for invalid_input, …"),
    }),
  })
  .meta({ id: "Error" });

export const ZPhonebookSummary = z
  .object({
    name: z.string(),
    description: z.string(),
    currentVersion: z.int(),
    deliveryPolicy: ZDeliveryPolicy,
    popCount: z.int(),
    pendingChanges: z.int(),
    createdAt: ZIso,
    updatedAt: ZIso,
  })
  .meta({ id: "Phonebook" });

export const ZPhonebookList = z.object({ phonebooks: z.array(ZPhonebookSummary) });
export const ZPhonebookDetail = ZPhonebookSummary.extend({ pbsPath: z.string() });
export const ZPhonebookDeleted = z.object({ deletedPops: z.int(), purgedFiles: z.int() });

export const ZPop = z
  .object({
    popIndex: z.int(),
    countryCode: z.int(),
    regionId: z.uuid().nullable(),
    region: z.string().nullable(),
    name: z.string(),
    areaCode: z.string(),
    accessNumber: z.string(),
    minSpeed: z.int().nullable(),
    maxSpeed: z.int().nullable(),
    flags: z.int(),
    dialupEntry: z.string(),
    inService: z.boolean(),
    comment: z.string(),
    updatedAt: ZIso,
  })
  .meta({ id: "Pop" });

export const ZPopPage = z.object({ rows: z.array(ZPop), total: z.int(), page: z.int(), pageSize: z.int(), pageCount: z.int() });
export const ZAffected = z.object({ affected: z.int() });

export const ZRegion = z.object({ id: z.uuid(), name: z.string(), position: z.int() });
export const ZRegionWithCount = ZRegion.extend({ popCount: z.int() }).meta({ id: "Region" });
export const ZRegionList = z.object({ regions: z.array(ZRegionWithCount) });
export const ZRegionDeleted = z.object({ movedPops: z.int() });

const ZImportIssue = z.object({ line: z.int(), column: z.int(), field: z.string(), message: z.string() });
export const ZImportResult = z.object({
  dryRun: z.boolean(),
  mode: z.enum(["merge", "replace"]),
  format: z.enum(["csv", "pba"]),
  rows: z.int(),
  added: z.int(),
  updated: z.int(),
  deleted: z.int(),
  unchanged: z.int(),
  newRegions: z.array(z.string()),
  pendingAfter: z.int(),
  warnings: z.array(ZImportIssue),
  totalWarnings: z.int(),
});

export const ZPublishResult = z
  .object({
    version: z.int(),
    artifacts: z.array(z.object({ name: z.string(), size: z.int(), sha256: z.string() })),
    counts: z.object({ added: z.int(), changed: z.int(), removed: z.int() }),
  })
  .meta({ id: "PublishResult" });

/** One line of POST /publish?progress=ndjson: a stage, then the result or the error. */
export const ZPublishProgressLine = z.union([
  z.object({ stage: z.enum(["render", "compress", "store", "activate", "done"]) }),
  z.object({ result: ZPublishResult }),
  z.object({ error: z.object({ code: ZErrorBody.shape.error.shape.code, message: z.string() }) }),
]);

export const ZVersion = z
  .object({
    version: z.int(),
    createdAt: ZIso,
    createdBy: z.string(),
    popCount: z.int(),
    added: z.int(),
    changed: z.int(),
    removed: z.int(),
    origin: z
      .enum(["published", "adopted"])
      .describe('"adopted": taken over from PBA/PBS (POST …/adopt); sourceFiles names the uploaded files'),
    sourceFiles: z.array(z.string()),
    artifacts: z.array(
      z.object({ name: z.string(), kind: z.string(), fromVersion: z.int().nullable(), size: z.int(), sha256: z.string() }),
    ),
  })
  .meta({ id: "Version" });
export const ZVersionList = z.object({ versions: z.array(ZVersion) });

const ZAdoptionIssue = z.object({ file: z.string(), line: z.int().nullable(), column: z.int().optional(), message: z.string() });
export const ZAdoptResult = z
  .object({
    version: z.int(),
    pops: z.int(),
    regions: z.array(z.object({ position: z.int(), name: z.string() })),
    warnings: z.array(ZAdoptionIssue).describe("The first 1,000 warnings: lines a client accepts that are stored or written otherwise"),
    totalWarnings: z.int(),
    files: z.object({ pbk: z.string(), pbr: z.string(), ver: z.string().nullable() }),
    dryRun: z.boolean(),
  })
  .meta({ id: "AdoptResult" });

export const ZMember = z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role: ZRole, since: ZIso }).meta({ id: "Member" });
export const ZMemberList = z.object({ members: z.array(ZMember) });
export const ZMemberRemoved = z.object({ userId: z.uuid(), email: z.string(), revokedTokens: z.int() });

export const ZInvitation = z
  .object({ id: z.uuid(), email: z.string(), role: ZRole, createdBy: z.string(), createdAt: ZIso, expiresAt: ZIso })
  .meta({ id: "Invitation" });
export const ZInvitationList = z.object({ invitations: z.array(ZInvitation) });
export const ZInvitationResult = z.object({ invitation: ZInvitation, emailed: z.boolean(), link: z.string().nullable() });
export const ZInvitationRevoked = z.object({ id: z.uuid(), email: z.string() });

export const ZToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    phonebooks: z.array(z.string()).nullable(),
    expiresAt: ZIso.nullable(),
    status: z.enum(["active", "expired", "revoked"]),
    isActive: z.boolean(),
    createdBy: z.object({ userId: z.uuid(), email: z.string() }),
    createdAt: ZIso,
    lastUsedAt: ZIso.nullable(),
    lastUsedAddress: z.string().nullable(),
    revokedAt: ZIso.nullable(),
    canRevoke: z.boolean(),
  })
  .meta({ id: "Token" });
export const ZTokenList = z.object({ tokens: z.array(ZToken) });
export const ZTokenCreated = ZToken.extend({ token: z.string().describe("The token value (pba_…), shown in this answer only") });

export const ZSsoView = z
  .object({
    issuer: z.string(),
    clientId: z.string(),
    clientSecret: z.literal("set"),
    defaultRole: z.enum(SSO_ROLES),
    allowPassword: z.boolean(),
    enabled: z.boolean(),
    linkedAccounts: z.int(),
    updatedAt: ZIso,
  })
  .meta({ id: "SsoSettings" });
export const ZSsoAnswer = z.object({ sso: ZSsoView.nullable(), redirectUri: z.string() });
export const ZSsoSaved = z.object({ sso: ZSsoView, redirectUri: z.string() });
export const ZSsoDeleted = z.object({ deleted: z.literal(true) });

// Compile-time check: each schema's output is exactly the type the server returns.
type TSame<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(ok: TSame<A, B>) => ok;
export const TYPES_MATCH = [
  same<z.output<typeof ZPhonebookSummary>, TPhonebookSummary>(true),
  same<z.output<typeof ZPop>, TPopDto>(true),
  same<z.output<typeof ZPopPage>, TPopPage>(true),
  same<z.output<typeof ZRegionWithCount>, TRegionDto>(true),
  same<z.output<typeof ZImportResult>, TImportResult>(true),
  same<z.output<typeof ZImportIssue>, TImportWarning>(true),
  same<z.output<typeof ZPublishResult>, TPublishResult>(true),
  same<z.output<typeof ZPublishProgressLine> extends infer L ? (L extends { stage: infer S } ? S : never) : never, TPublishStage>(true),
  same<z.output<typeof ZVersion>, TVersionDto>(true),
  same<z.output<typeof ZAdoptResult>, TAdoptResult>(true),
  same<z.output<typeof ZMember>, TMember>(true),
  same<z.output<typeof ZInvitation>, TInvitation>(true),
  same<z.output<typeof ZInvitationResult>, TInvitationResult>(true),
  same<z.output<typeof ZToken>, TTokenSummary>(true),
  same<z.output<typeof ZSsoView>, TSsoSettingsView>(true),
] as const;
