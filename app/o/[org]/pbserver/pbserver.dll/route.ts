import { servePbsWebRequest } from "@/lib/server/pbs/serve-pbs-web";

export const dynamic = "force-dynamic";

type TContext = { params: Promise<{ org: string }> };

// GET /o/:org/pbserver/pbserver.dll?pb=NAME&pbver=N - PBS for one organisation (slug ^[a-z0-9-]{2,40}$, else 404)
export async function GET(request: Request, ctx: TContext): Promise<Response> {
  return servePbsWebRequest(request, (await ctx.params).org);
}

// HEAD /o/:org/pbserver/pbserver.dll?pb=NAME&pbver=N - the same headers without a body
export async function HEAD(request: Request, ctx: TContext): Promise<Response> {
  return servePbsWebRequest(request, (await ctx.params).org);
}
