import { NextResponse } from "next/server";
import { MAX_ADOPTION_BYTES, type TAdoptionFile, type TAdoptionUpload } from "@/lib/adopt";
import { ZAdoptQuery } from "@/lib/schemas/adopt";
import { adoptPhonebook } from "@/lib/server/adopt/adopt-phonebook";
import { AppError } from "@/lib/server/errors";
import { readBodyLimited } from "@/lib/server/read-body";
import { withApi } from "@/lib/server/with-api";

// A multipart body carries its boundaries and headers besides the files.
const MAX_BODY_BYTES = MAX_ADOPTION_BYTES + 64 * 1024;

/** The files of a multipart/form-data body (every file field, any name); other fields are ignored. */
async function multipartFiles(contentType: string, bytes: Uint8Array): Promise<TAdoptionFile[]> {
  let form: FormData;
  try {
    form = await new Response(new Blob([new Uint8Array(bytes)]), { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    throw new AppError("bad_request", `The multipart/form-data body cannot be read: ${(error as Error).message}`);
  }
  const files: TAdoptionFile[] = [];
  for (const value of form.values()) {
    if (typeof value !== "string") files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  if (files.length === 0)
    throw new AppError("bad_request", "The multipart/form-data body holds no file: send the .cab or .zip, or the .pbk, .pbr and .ver");
  return files;
}

// POST /api/v1/phonebooks/:pb/adopt?version=N&dryRun=true - body: a Full cab (application/vnd.ms-cab-compressed),
// a zip (application/zip) or multipart/form-data files holding one .pbk, one .pbr and at most one .ver.
// 201 {version, pops, regions:[{position,name}], warnings:[{file,line,column?,message}], totalWarnings, files, dryRun}
// (200 for a dry run, which writes nothing) | 400 the request (not a cab/zip, a file missing, the version) |
// 413 too large | 422 the files' lines, details {errors:[{file,line,column?,message}], total} | 409 published or not empty.
// admin; token scope publish (it makes a version clients are served, as a publish or restore does).
export const POST = withApi<{ name: string }>(
  "admin",
  async ({ actor, params, query, req }) => {
    const q = query(ZAdoptQuery);
    const contentType = req.headers.get("content-type") ?? "";
    const bytes = await readBodyLimited(req, MAX_BODY_BYTES, "upload");
    const upload: TAdoptionUpload = /^multipart\/form-data/i.test(contentType)
      ? { files: await multipartFiles(contentType, bytes) }
      : { contentType, bytes };
    const dryRun = q.dryRun === "true";
    const result = await adoptPhonebook({ actor, phonebookName: params.name, upload, versionParam: q.version ?? null, dryRun });
    return NextResponse.json(result, { status: dryRun ? 200 : 201 });
  },
  { scope: "publish" },
);
