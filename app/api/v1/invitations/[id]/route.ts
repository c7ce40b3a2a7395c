import { NextResponse } from "next/server";
import { revokeInvitation } from "@/lib/server/invitations/revoke-invitation";
import { withApi } from "@/lib/server/with-api";

// DELETE /api/v1/invitations/:id - withdraw an open invitation (admin; owner invitations: owner)
export const DELETE = withApi<{ id: string }>("admin", async ({ actor, params }) =>
  NextResponse.json(await revokeInvitation({ actor, id: params.id })),
);
