import { NextResponse } from "next/server";
import { ZImportQuery } from "@/lib/schemas/import";
import { AppError } from "@/lib/server/errors";
import { runImport } from "@/lib/server/imports/run-import";
import { withApi } from "@/lib/server/with-api";

const MAX_BYTES = 20 * 1024 * 1024;

// POST /api/v1/phonebooks/:pb/imports?mode=merge|replace&dryRun=true&fileName=&mapping= - body: the CSV file
// 200 {added, updated, deleted, unchanged, newRegions, …} | 422 {error, details:{errors:[{line,column,field,message}], total}} | 413
export const POST = withApi<{ name: string }>("editor", async ({ actor, params, query, req }) => {
  const q = query(ZImportQuery);
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BYTES)
    throw new AppError("too_large", `The file is ${declared.toLocaleString("en")} bytes; the limit is ${MAX_BYTES.toLocaleString("en")}`);
  const data = new Uint8Array(await req.arrayBuffer());
  if (data.length > MAX_BYTES) throw new AppError("too_large", `The file is over ${MAX_BYTES.toLocaleString("en")} bytes`);
  const mapping = q.mapping ? Object.fromEntries(Object.entries(q.mapping).map(([k, v]) => [Number(k), v])) : undefined;
  const result = await runImport({
    actor,
    phonebookName: params.name,
    data,
    mode: q.mode,
    dryRun: q.dryRun === "true",
    fileName: q.fileName,
    mapping,
  });
  return NextResponse.json(result);
});
