import { getStorage } from "@/lib/server/storage";
import { missingObjectError } from "@/lib/server/storage/missing-object-error";
import { getArtifact } from "@/lib/server/versions/list-versions";
import { parseVersionParam } from "@/lib/server/versions/parse-version-param";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/phonebooks/:pb/versions/:v/files/:file - download one artifact of a version
export const GET = withApi<{ name: string; version: string; file: string }>("viewer", async ({ actor, params }) => {
  const { artifact } = await getArtifact({
    actor,
    phonebookName: params.name,
    version: parseVersionParam(params.version),
    file: params.file,
  });
  const storage = getStorage();
  const data = await storage.get(artifact.storageKey);
  if (!data) throw missingObjectError(artifact.storageKey, storage.name, `downloading ${artifact.name}`);
  const isCab = artifact.name.endsWith(".cab");
  return new Response(new Uint8Array(data), {
    headers: {
      "content-type": isCab ? "application/vnd.ms-cab-compressed" : "text/plain; charset=us-ascii",
      "content-disposition": `attachment; filename="${artifact.name}"`,
      etag: `"${artifact.sha256}"`,
      "cache-control": "private, max-age=31536000, immutable",
    },
  });
});
