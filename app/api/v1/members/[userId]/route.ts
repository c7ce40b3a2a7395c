import { NextResponse } from "next/server";
import { ZMemberRolePatch } from "@/lib/schemas/member";
import { removeMember } from "@/lib/server/members/remove-member";
import { updateMemberRole } from "@/lib/server/members/update-member-role";
import { withApi } from "@/lib/server/with-api";

type P = { userId: string };

// PATCH /api/v1/members/:userId - change a member's role {role}
export const PATCH = withApi<P>("admin", async ({ actor, params, body }) => {
  const { role } = await body(ZMemberRolePatch);
  return NextResponse.json(await updateMemberRole({ actor, userId: params.userId, role }));
});

// DELETE /api/v1/members/:userId - remove a member and revoke their tokens of this organisation
export const DELETE = withApi<P>("admin", async ({ actor, params }) =>
  NextResponse.json(await removeMember({ actor, userId: params.userId })),
);
