import { NextResponse } from "next/server";
import { ZPopBulk } from "@/lib/schemas/pop";
import { bulkUpdatePops } from "@/lib/server/pops/bulk-pops";
import { withApi } from "@/lib/server/with-api";

// POST /api/v1/phonebooks/:pb/pops/bulk - {popIndexes, action: delete|setInService|setOutOfService}
export const POST = withApi<{ name: string }>("editor", async ({ actor, params, body }) => {
  const input = await body(ZPopBulk);
  return NextResponse.json(await bulkUpdatePops({ actor, phonebookName: params.name, input }));
});
