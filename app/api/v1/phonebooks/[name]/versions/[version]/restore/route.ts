import { NextResponse } from "next/server";
import { parseVersionParam } from "@/lib/server/versions/parse-version-param";
import { restoreVersion } from "@/lib/server/versions/restore-version";
import { withApi } from "@/lib/server/with-api";

// POST /api/v1/phonebooks/:pb/versions/:v/restore - publish the content of version v as a new version: 201 {version, artifacts} (admin; token scope publish)
export const POST = withApi<{ name: string; version: string }>(
  "admin",
  async ({ actor, params }) =>
    NextResponse.json(await restoreVersion({ actor, phonebookName: params.name, version: parseVersionParam(params.version) }), {
      status: 201,
    }),
  { scope: "publish" },
);
