import { parseVersionParam } from "@/lib/server/versions/parse-version-param";
import { buildVersionBundle } from "@/lib/server/versions/version-bundle";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/phonebooks/:pb/versions/:v/bundle.zip - every file of a version plus a manifest
export const GET = withApi<{ name: string; version: string }>("viewer", async ({ actor, params }) => {
  const { data, fileName } = await buildVersionBundle({ actor, phonebookName: params.name, version: parseVersionParam(params.version) });
  return new Response(new Uint8Array(data), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-cache",
    },
  });
});
