import { NextResponse } from "next/server";
import { ZPopPatch } from "@/lib/schemas/pop";
import { AppError } from "@/lib/server/errors";
import { bulkUpdatePops } from "@/lib/server/pops/bulk-pops";
import { getPop } from "@/lib/server/pops/get-pop";
import { updatePop } from "@/lib/server/pops/update-pop";
import { withApi } from "@/lib/server/with-api";

type P = { name: string; popIndex: string };

function popIndex(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647) {
    throw new AppError("not_found", `POP ${raw.slice(0, 20)} not found: a POP index is a whole number from 1 to 2147483647`);
  }
  return Number(raw);
}

// GET /api/v1/phonebooks/:pb/pops/:popIndex - one POP
export const GET = withApi<P>("viewer", async ({ actor, params }) =>
  NextResponse.json(await getPop({ actor, phonebookName: params.name, popIndex: popIndex(params.popIndex) })),
);

// PATCH /api/v1/phonebooks/:pb/pops/:popIndex - edit some fields
export const PATCH = withApi<P>("editor", async ({ actor, params, body }) => {
  const patch = await body(ZPopPatch);
  return NextResponse.json(await updatePop({ actor, phonebookName: params.name, popIndex: popIndex(params.popIndex), patch }));
});

// DELETE /api/v1/phonebooks/:pb/pops/:popIndex - remove a POP
export const DELETE = withApi<P>("editor", async ({ actor, params }) =>
  NextResponse.json(
    await bulkUpdatePops({ actor, phonebookName: params.name, input: { popIndexes: [popIndex(params.popIndex)], action: "delete" } }),
  ),
);
