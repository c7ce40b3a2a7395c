import { servePbsWebRequest } from "@/lib/server/pbs/serve-pbs-web";

export const dynamic = "force-dynamic";

// GET /pbserver/pbserver.dll?pb=NAME&pbver=N - PBS for the default organisation: full or delta cab, 204, or 400/404/414 (SPEC §5)
export async function GET(request: Request): Promise<Response> {
  return servePbsWebRequest(request, null);
}

// HEAD /pbserver/pbserver.dll?pb=NAME&pbver=N - the same headers without a body
export async function HEAD(request: Request): Promise<Response> {
  return servePbsWebRequest(request, null);
}
