// Types of scripts/request-stamp.mjs (plain JavaScript so that scripts/server.mjs runs on bare node).
export function stampRequest(
  req: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } },
  trustProxy: boolean,
): void;
export function stampRequestId(req: { headers: Record<string, string | string[] | undefined> }): string;
export function prepareAuthEnv(env: Record<string, string | undefined>): string | null;
