import { NextResponse } from "next/server";
import { ZPhonebookDeleteQuery, ZPhonebookPatch } from "@/lib/schemas/phonebook";
import { deletePhonebook } from "@/lib/server/phonebooks/delete-phonebook";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { describePhonebook } from "@/lib/server/phonebooks/list-phonebooks";
import { updatePhonebook } from "@/lib/server/phonebooks/update-phonebook";
import { withApi } from "@/lib/server/with-api";

type P = { name: string };

// GET /api/v1/phonebooks/:pb - one phone book with currentVersion, popCount, pendingChanges and
// pbsPath, the path of the organisation's PBS endpoint on this app (what `pba status` shows)
export const GET = withApi<P>("viewer", async ({ actor, params }) => {
  const phonebook = await getPhonebook(actor, params.name);
  const pbsPath = `/o/${actor.orgSlug}/pbserver/pbserver.dll`;
  return NextResponse.json({ ...(await describePhonebook(phonebook.id)), pbsPath });
});

// PATCH /api/v1/phonebooks/:pb - rename or change the description
export const PATCH = withApi<P>("admin", async ({ actor, params, body }) => {
  const patch = await body(ZPhonebookPatch);
  return NextResponse.json(await updatePhonebook({ actor, name: params.name, patch }));
});

// DELETE /api/v1/phonebooks/:pb?purge=true - delete, optionally purging its artifacts
export const DELETE = withApi<P>("admin", async ({ actor, params, query }) => {
  const { purge } = query(ZPhonebookDeleteQuery);
  return NextResponse.json(await deletePhonebook({ actor, name: params.name, purge: purge === "true" }));
});
