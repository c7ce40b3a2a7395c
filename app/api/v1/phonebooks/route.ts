import { NextResponse } from "next/server";
import { ZPhonebookCreate } from "@/lib/schemas/phonebook";
import { createPhonebook } from "@/lib/server/phonebooks/create-phonebook";
import { listPhonebooks } from "@/lib/server/phonebooks/list-phonebooks";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/phonebooks - the organisation's phone books with counts
export const GET = withApi("viewer", async ({ actor }) => NextResponse.json({ phonebooks: await listPhonebooks(actor) }));

// POST /api/v1/phonebooks - create a phone book {name, description?}
export const POST = withApi("admin", async ({ actor, body }) => {
  const input = await body(ZPhonebookCreate);
  return NextResponse.json(await createPhonebook({ actor, input }), { status: 201 });
});
