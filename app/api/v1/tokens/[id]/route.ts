import { NextResponse } from "next/server";
import { revokeToken } from "@/lib/server/tokens/revoke-token";
import { withApi } from "@/lib/server/with-api";

type P = { id: string };

// DELETE /api/v1/tokens/:id - revoke a token; it stops working at once (own: anyone; others': admin; an owner's: owner)
export const DELETE = withApi<P>(
  "viewer",
  async ({ actor, params }) => NextResponse.json(await revokeToken({ actor, tokenId: params.id })),
  {
    scope: "admin",
  },
);
