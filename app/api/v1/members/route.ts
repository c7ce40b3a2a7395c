import { NextResponse } from "next/server";
import { ZMemberAdd } from "@/lib/schemas/member";
import { addMember } from "@/lib/server/members/add-member";
import { listMembers } from "@/lib/server/members/list-members";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/members - members of the organisation with their roles
export const GET = withApi("viewer", async ({ actor }) => NextResponse.json({ members: await listMembers(actor) }));

// POST /api/v1/members - add a member {email, role, password? (new users), name?}
export const POST = withApi("admin", async ({ actor, body }) => {
  const input = await body(ZMemberAdd);
  return NextResponse.json(await addMember({ actor, input }), { status: 201 });
});
