import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ApiClient } from "./api-client";
import { CliError, EXIT } from "./exit-codes";
import { formatErrorGroups, formatTable, groupRowErrors, n, plural } from "./format";
import type { Output } from "./output";
import { ZImportErrors, ZImportResult, ZPhonebookDetail, ZPhonebookList, ZPublishResult, ZVersionList } from "./schemas";

export const bookPath = (book: string) => `/phonebooks/${encodeURIComponent(book)}`;

/** `pba phonebooks list`: GET /phonebooks. */
export async function listPhonebooksCommand(api: ApiClient, out: Output): Promise<void> {
  const { phonebooks } = await api.json("/phonebooks", ZPhonebookList);
  const rows = phonebooks.map((p) => [p.name, p.currentVersion || "-", p.popCount, p.pendingChanges, p.description]);
  out.result(
    { phonebooks },
    phonebooks.length ? formatTable(["NAME", "VERSION", "POPS", "PENDING", "DESCRIPTION"], rows) : "no phone books",
  );
}

/** `pba status <book>`: GET /phonebooks/:pb (and the current version's row). */
export async function statusCommand(api: ApiClient, out: Output, book: string): Promise<void> {
  const pb = await api.json(bookPath(book), ZPhonebookDetail);
  const current = pb.currentVersion > 0 ? (await api.json(`${bookPath(book)}/versions`, ZVersionList)).versions[0] : undefined;
  const pbsUrl = api.url(pb.pbsPath);
  const published = current ? `${current.version} (published ${current.createdAt} by ${current.createdBy})` : "never published";
  const text = formatTable(
    ["phone book", pb.name],
    [
      ["version", published],
      ["POPs", n(pb.popCount)],
      ["pending", pb.pendingChanges ? `${plural(pb.pendingChanges, "change")} not published yet` : "none"],
      ["PBS URL", `${pbsUrl} (phone book ${pb.name})`],
    ],
  );
  out.result(
    {
      name: pb.name,
      currentVersion: pb.currentVersion,
      publishedAt: current?.createdAt ?? null,
      popCount: pb.popCount,
      pendingChanges: pb.pendingChanges,
      pbsUrl,
      checkUrl: `${pbsUrl}?pb=${encodeURIComponent(pb.name)}&pbver=0`,
    },
    text,
  );
}

/** `pba versions <book>`: GET /phonebooks/:pb/versions. */
export async function versionsCommand(api: ApiClient, out: Output, book: string): Promise<void> {
  const { versions } = await api.json(`${bookPath(book)}/versions`, ZVersionList);
  const rows = versions.map((v) => [
    v.version,
    v.createdAt,
    v.createdBy,
    v.popCount,
    `+${v.added} ~${v.changed} -${v.removed}`,
    v.artifacts.length,
  ]);
  out.result(
    { versions },
    versions.length ? formatTable(["VERSION", "PUBLISHED", "BY", "POPS", "CHANGES", "FILES"], rows) : "no versions yet",
  );
}

/** `pba import <book> <file> [--replace] [--dry-run]`: POST /phonebooks/:pb/imports with the file as body. */
export async function importCommand(
  api: ApiClient,
  out: Output,
  options: { book: string; file: string; cwd: string; isReplace: boolean; isDryRun: boolean },
): Promise<void> {
  const file = path.resolve(options.cwd, options.file);
  const data = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${options.file}: ${error.code ?? error.message}`, EXIT.usage, { code: "file" });
  });
  const query = { mode: options.isReplace ? "replace" : "merge", dryRun: String(options.isDryRun), fileName: path.basename(file) };
  let result;
  try {
    result = await api.json(`${bookPath(options.book)}/imports`, ZImportResult, {
      method: "POST",
      query,
      body: { data, contentType: "text/csv" },
    });
  } catch (error) {
    throw groupedImportError(error);
  }
  const counts = `${n(result.added)} added, ${n(result.updated)} updated, ${n(result.deleted)} deleted, ${n(result.unchanged)} unchanged`;
  const lines = [
    `${result.dryRun ? "dry run (nothing written): would import" : "imported"} ${plural(result.rows, "row")} (${result.format}, ${result.mode}): ${counts}`,
  ];
  if (result.newRegions.length) lines.push(`new regions: ${result.newRegions.join(", ")}`);
  lines.push(`pending changes${result.dryRun ? " after it" : ""}: ${n(result.pendingAfter)}`);
  if (result.totalWarnings) {
    lines.push(`${plural(result.totalWarnings, "warning")} (normalised values):`);
    lines.push(formatErrorGroups(groupRowErrors(result.warnings), result.totalWarnings, result.totalWarnings > result.warnings.length));
  }
  out.result(result, lines.join("\n"));
}

/** A 422 import answer becomes one error whose message and details group the rows by field and message. */
function groupedImportError(error: unknown): unknown {
  if (!(error instanceof CliError) || error.info.status !== 422) return error;
  const parsed = ZImportErrors.safeParse(error.info.details);
  if (!parsed.success) return error;
  const { errors, total, isTruncated = false } = parsed.data;
  const groups = groupRowErrors(errors);
  return new CliError(`${error.message}\n${formatErrorGroups(groups, total, isTruncated)}`, EXIT.refused, {
    ...error.info,
    details: { ...parsed.data, groups },
  });
}

/**
 * `pba publish <book> [--message <text>]`: POST /phonebooks/:pb/publish. The message goes in
 * a JSON body {message}; the API does not store one yet and ignores the body.
 */
export async function publishCommand(api: ApiClient, out: Output, book: string, message: string | undefined): Promise<void> {
  const body = message === undefined ? undefined : { data: JSON.stringify({ message }), contentType: "application/json" };
  const result = await api.json(`${bookPath(book)}/publish`, ZPublishResult, { method: "POST", body });
  const { added, changed, removed } = result.counts;
  const files = result.artifacts.map((a) => `  ${a.name}  ${n(a.size)} bytes  sha256 ${a.sha256}`);
  out.result(
    result,
    [`published ${book} version ${result.version}: ${added} added, ${changed} changed, ${removed} removed`, ...files].join("\n"),
  );
}
