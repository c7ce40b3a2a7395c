import { NextResponse } from "next/server";
import { ZInvitationCreate } from "@/lib/schemas/invitation";
import { createInvitation } from "@/lib/server/invitations/create-invitation";
import { listInvitations } from "@/lib/server/invitations/list-invitations";
import { originFromHeaders } from "@/lib/server/request-origin";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/invitations - open invitations of the organisation (admin)
export const GET = withApi("admin", async ({ actor }) => NextResponse.json({ invitations: await listInvitations(actor) }));

// POST /api/v1/invitations - invite {email, role}: 201 {invitation, emailed, link (once, when not emailed)}
export const POST = withApi("admin", async ({ actor, body, req }) => {
  const input = await body(ZInvitationCreate);
  return NextResponse.json(await createInvitation({ actor, input, origin: originFromHeaders(req.headers) }), { status: 201 });
});
