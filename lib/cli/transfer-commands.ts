import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as TWebStream } from "node:stream/web";
import type { ApiClient } from "./api-client";
import { CliError, EXIT } from "./exit-codes";
import { n } from "./format";
import type { Output, TCliIo } from "./output";
import { bookPath } from "./phonebook-commands";
import { ZPhonebookDetail, ZVersionList } from "./schemas";

type TTarget = { io: TCliIo; output?: string };

/**
 * Streams a response body to the target: `-o <file>` (or `-o -` for stdout); without -o to
 * stdout when it is a pipe or a file, else (a terminal) to `fallbackName` in the working
 * directory. Returns where it went, the byte count and the sha256.
 */
async function saveBody(response: Response, target: TTarget, fallbackName: string) {
  const { io, output } = target;
  const toStdout = output === "-" || (output === undefined && !io.stdout.isTTY);
  const file = toStdout ? null : path.resolve(io.cwd, output ?? fallbackName);
  const hash = createHash("sha256");
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  if (!response.body) throw new CliError("the server sent no body", EXIT.network, { code: "bad_response" });
  const source = Readable.fromWeb(response.body as TWebStream<Uint8Array>);
  try {
    if (file) await pipeline(source, count, createWriteStream(file));
    else await pipeline(source, count, io.stdout, { end: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`download interrupted after ${n(bytes)} bytes: ${reason}`, EXIT.network, { code: "network" });
  }
  return { file, toStdout, bytes, sha256: hash.digest("hex") };
}

function headerFileName(response: Response, fallback: string): string {
  const match = /filename="([^"/\\]+)"/.exec(response.headers.get("content-disposition") ?? "");
  return match?.[1] ?? fallback;
}

/** `pba export <book> [-o file]`: GET /phonebooks/:pb/export.csv, streamed. */
export async function exportCommand(api: ApiClient, out: Output, book: string, target: TTarget): Promise<void> {
  const response = await api.send(`${bookPath(book)}/export.csv`);
  const saved = await saveBody(response, target, headerFileName(response, `${book}.csv`));
  const where = saved.file ?? "stdout";
  out.result({ phonebook: book, file: saved.file, bytes: saved.bytes }, `exported ${book} to ${where} (${n(saved.bytes)} bytes)`, {
    toStderr: saved.toStdout,
  });
}

/** A version argument: a number from 1, or "current". */
export function parseVersionArg(value: string): number | "current" {
  if (value === "current") return value;
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new CliError(`version must be a number from 1 or "current", not "${value}"`, EXIT.usage, { code: "usage" });
  return Number(value);
}

/**
 * `pba download <book> <version> [--bundle] [-o file]`: the version's full cab (GET
 * …/versions/:v/files/<PB_V_full.cab>, checked against the sha256 the versions list gives)
 * or its zip bundle (GET …/versions/:v/bundle.zip).
 */
export async function downloadCommand(
  api: ApiClient,
  out: Output,
  options: { book: string; version: number | "current"; isBundle: boolean } & TTarget,
): Promise<void> {
  const base = bookPath(options.book);
  const version = options.version === "current" ? (await api.json(base, ZPhonebookDetail)).currentVersion : options.version;
  if (version < 1) throw new CliError(`${options.book} has never been published`, EXIT.refused, { code: "not_found" });
  let response: Response;
  let name: string;
  let expected: string | null = null;
  if (options.isBundle) {
    response = await api.send(`${base}/versions/${version}/bundle.zip`);
    name = headerFileName(response, `${options.book}_${version}.zip`);
  } else {
    const found = (await api.json(`${base}/versions`, ZVersionList)).versions.find((v) => v.version === version);
    const full = found?.artifacts.find((a) => a.kind === "full");
    if (!found || !full)
      throw new CliError(`version ${version} of ${options.book} not found`, EXIT.refused, { code: "not_found", status: 404 });
    response = await api.send(`${base}/versions/${version}/files/${encodeURIComponent(full.name)}`);
    name = full.name;
    expected = full.sha256;
  }
  const saved = await saveBody(response, options, name);
  if (expected && saved.sha256 !== expected) {
    throw new CliError(`${name}: sha256 ${saved.sha256} differs from the published ${expected}`, EXIT.network, { code: "checksum" });
  }
  const json = { phonebook: options.book, version, name, file: saved.file, bytes: saved.bytes, sha256: saved.sha256 };
  out.result(json, `downloaded ${name} to ${saved.file ?? "stdout"} (${n(saved.bytes)} bytes, sha256 ${saved.sha256})`, {
    toStderr: saved.toStdout,
  });
}
