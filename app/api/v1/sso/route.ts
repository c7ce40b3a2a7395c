import { NextResponse } from "next/server";
import { ZSsoSettings } from "@/lib/schemas/sso";
import { originFromHeaders } from "@/lib/server/request-origin";
import { deleteSsoSettings, getSsoSettings, saveSsoSettings, ssoRedirectUri } from "@/lib/server/sso/sso-settings";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/sso - the organisation's single sign-on settings (client secret shown as "set") and the redirect URI
export const GET = withApi("owner", async ({ actor, req }) =>
  NextResponse.json({ sso: await getSsoSettings({ actor }), redirectUri: ssoRedirectUri(originFromHeaders(req.headers)) }),
);

// PUT /api/v1/sso - set up or change {issuer, clientId, clientSecret?, defaultRole?, allowPassword?, enabled?}; runs discovery first
export const PUT = withApi("owner", async ({ actor, body, req }) => {
  const sso = await saveSsoSettings({ actor, input: await body(ZSsoSettings) });
  return NextResponse.json({ sso, redirectUri: ssoRedirectUri(originFromHeaders(req.headers)) });
});

// DELETE /api/v1/sso - remove single sign-on (sessions made through it end)
export const DELETE = withApi("owner", async ({ actor }) => {
  await deleteSsoSettings({ actor });
  return NextResponse.json({ deleted: true });
});
