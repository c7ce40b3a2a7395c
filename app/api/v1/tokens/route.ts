import { NextResponse } from "next/server";
import { ZTokenCreate } from "@/lib/schemas/token";
import { createToken } from "@/lib/server/tokens/create-token";
import { listTokens } from "@/lib/server/tokens/list-tokens";
import { withApi } from "@/lib/server/with-api";

// Every member manages their own tokens (admins: everyone's); a token needs the admin scope.

// GET /api/v1/tokens - API tokens (never their values): the organisation's for admins, else the caller's own
export const GET = withApi("viewer", async ({ actor }) => NextResponse.json({ tokens: await listTokens({ actor }) }), { scope: "admin" });

// POST /api/v1/tokens - create a token {name, scopes?, expiresInDays? | expiresAt?, phonebooks?}; the value is in this answer only.
// A browser session needs a recent second factor, or sends one in the X-Two-Factor-Code header.
export const POST = withApi(
  "viewer",
  async ({ actor, body, req }) => {
    const input = await body(ZTokenCreate);
    const secondFactorCode = req.headers.get("x-two-factor-code")?.slice(0, 40) || undefined;
    return NextResponse.json(await createToken({ actor, input, secondFactorCode }), {
      status: 201,
      headers: { "Cache-Control": "no-store" },
    });
  },
  { scope: "admin" },
);
