import { NextResponse } from "next/server";
import { ZInvitationCreate } from "@/lib/schemas/invitation";
import { createInvitation } from "@/lib/server/invitations/create-invitation";
import { listMembers } from "@/lib/server/members/list-members";
import { originFromHeaders } from "@/lib/server/request-origin";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/members - members of the organisation with their roles
export const GET = withApi("viewer", async ({ actor }) => NextResponse.json({ members: await listMembers(actor) }));

// POST /api/v1/members - add a member by invitation {email, role}; same answer as POST /api/v1/invitations
export const POST = withApi("admin", async ({ actor, body, req }) => {
  const input = await body(ZInvitationCreate);
  return NextResponse.json(await createInvitation({ actor, input, origin: originFromHeaders(req.headers) }), { status: 201 });
});
