import { NextResponse } from "next/server";
import { ZPopCreate, ZPopListQuery } from "@/lib/schemas/pop";
import { createPop } from "@/lib/server/pops/create-pop";
import { listPops } from "@/lib/server/pops/list-pops";
import { withApi } from "@/lib/server/with-api";

type P = { name: string };

// GET /api/v1/phonebooks/:pb/pops?page=&pageSize=&sort=&q=&region=&countryCode=&inService=&flag= - one page
export const GET = withApi<P>("viewer", async ({ actor, params, query }) =>
  NextResponse.json(await listPops({ actor, phonebookName: params.name, query: query(ZPopListQuery) })),
);

// POST /api/v1/phonebooks/:pb/pops - add a POP
export const POST = withApi<P>("editor", async ({ actor, params, body }) => {
  const input = await body(ZPopCreate);
  return NextResponse.json(await createPop({ actor, phonebookName: params.name, input }), { status: 201 });
});
