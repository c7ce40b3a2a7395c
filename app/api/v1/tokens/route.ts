import { NextResponse } from "next/server";
import { ZTokenCreate } from "@/lib/schemas/token";
import { createToken } from "@/lib/server/tokens/create-token";
import { listTokens } from "@/lib/server/tokens/list-tokens";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/tokens - the organisation's API tokens (never their values)
export const GET = withApi("admin", async ({ actor }) => NextResponse.json({ tokens: await listTokens({ actor }) }));

// POST /api/v1/tokens - create a token {name, role?}; the value is in this answer only
export const POST = withApi("admin", async ({ actor, body }) => {
  const input = await body(ZTokenCreate);
  return NextResponse.json(await createToken({ actor, input }), { status: 201, headers: { "Cache-Control": "no-store" } });
});
