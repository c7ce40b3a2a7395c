import { NextResponse } from "next/server";
import { z } from "zod";
import { ZRegionInput } from "@/lib/schemas/region";
import { AppError } from "@/lib/server/errors";
import { deleteRegion } from "@/lib/server/regions/delete-region";
import { renameRegion } from "@/lib/server/regions/save-region";
import { withApi } from "@/lib/server/with-api";

type P = { name: string; id: string };

function regionId(raw: string): string {
  const parsed = z.uuid().safeParse(raw);
  if (!parsed.success) throw new AppError("not_found", "Region not found");
  return parsed.data;
}

// PATCH /api/v1/phonebooks/:pb/regions/:id - rename {name}
export const PATCH = withApi<P>("editor", async ({ actor, params, body }) => {
  const input = await body(ZRegionInput);
  return NextResponse.json(await renameRegion({ actor, phonebookName: params.name, regionId: regionId(params.id), input }));
});

// DELETE /api/v1/phonebooks/:pb/regions/:id - delete; its POPs fall back to all regions
export const DELETE = withApi<P>("editor", async ({ actor, params }) =>
  NextResponse.json(await deleteRegion({ actor, phonebookName: params.name, regionId: regionId(params.id) })),
);
