import { NextResponse } from "next/server";
import { ZRegionInput } from "@/lib/schemas/region";
import { listRegions } from "@/lib/server/regions/list-regions";
import { createRegion } from "@/lib/server/regions/save-region";
import { withApi } from "@/lib/server/with-api";

type P = { name: string };

// GET /api/v1/phonebooks/:pb/regions - regions by name, each with its .pbr position and POP count
export const GET = withApi<P>("viewer", async ({ actor, params }) =>
  NextResponse.json({ regions: await listRegions({ actor, phonebookName: params.name }) }),
);

// POST /api/v1/phonebooks/:pb/regions - create a region {name}
export const POST = withApi<P>("editor", async ({ actor, params, body }) => {
  const input = await body(ZRegionInput);
  return NextResponse.json(await createRegion({ actor, phonebookName: params.name, input }), { status: 201 });
});
