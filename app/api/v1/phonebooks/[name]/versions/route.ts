import { NextResponse } from "next/server";
import { listVersions } from "@/lib/server/versions/list-versions";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/phonebooks/:pb/versions - version history, newest first
export const GET = withApi<{ name: string }>("viewer", async ({ actor, params }) =>
  NextResponse.json({ versions: await listVersions({ actor, phonebookName: params.name }) }),
);
