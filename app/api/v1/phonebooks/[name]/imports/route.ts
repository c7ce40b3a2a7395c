import { NextResponse } from "next/server";
import { ZImportQuery } from "@/lib/schemas/import";
import { readBodyLimited } from "@/lib/server/read-body";
import { runImport } from "@/lib/server/imports/run-import";
import { withApi } from "@/lib/server/with-api";

const MAX_BYTES = 20 * 1024 * 1024;

// POST /api/v1/phonebooks/:pb/imports?mode=merge|replace&dryRun=true&fileName=&mapping= - body: the CSV file
// 200 {added, updated, deleted, unchanged, newRegions, …} | 422 {error, details:{errors:[{line,column,field,message}], total}} | 413
export const POST = withApi<{ name: string }>("editor", async ({ actor, params, query, req }) => {
  const q = query(ZImportQuery);
  const data = await readBodyLimited(req, MAX_BYTES, "file");
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
