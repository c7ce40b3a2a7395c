import { z } from "zod";

/** The parts of the API's answers the CLI prints (README "API"); other fields pass through to --json. */
export const ZPhonebookSummary = z.looseObject({
  name: z.string(),
  description: z.string(),
  currentVersion: z.number(),
  popCount: z.number(),
  pendingChanges: z.number(),
});
export const ZPhonebookList = z.looseObject({ phonebooks: z.array(ZPhonebookSummary) });
export const ZPhonebookDetail = ZPhonebookSummary.extend({ pbsPath: z.string() });

const ZArtifact = z.looseObject({ name: z.string(), kind: z.string(), size: z.number(), sha256: z.string() });
export const ZVersion = z.looseObject({
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  popCount: z.number(),
  added: z.number(),
  changed: z.number(),
  removed: z.number(),
  artifacts: z.array(ZArtifact),
});
export type TVersion = z.output<typeof ZVersion>;
export const ZVersionList = z.looseObject({ versions: z.array(ZVersion) });

export const ZPublishResult = z.looseObject({
  version: z.number(),
  artifacts: z.array(z.looseObject({ name: z.string(), size: z.number(), sha256: z.string() })),
  counts: z.object({ added: z.number(), changed: z.number(), removed: z.number() }),
});

const ZRowIssue = z.object({ line: z.number(), column: z.number().nullish(), field: z.string().nullish(), message: z.string() });
export const ZImportResult = z.looseObject({
  dryRun: z.boolean(),
  mode: z.string(),
  format: z.string(),
  rows: z.number(),
  added: z.number(),
  updated: z.number(),
  deleted: z.number(),
  unchanged: z.number(),
  newRegions: z.array(z.string()),
  pendingAfter: z.number(),
  warnings: z.array(ZRowIssue),
  totalWarnings: z.number(),
});
/** `details` of a 422 import answer. */
export const ZImportErrors = z.looseObject({
  errors: z.array(ZRowIssue),
  total: z.number(),
  isTruncated: z.boolean().optional(),
  stoppedAtLine: z.number().nullish(),
});
