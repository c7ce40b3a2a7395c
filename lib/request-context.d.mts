// Types of lib/request-context.mjs (plain JavaScript so that scripts/server.mjs runs on bare node).
import type { AsyncLocalStorage } from "node:async_hooks";

export const requestContext: AsyncLocalStorage<{ requestId: string }>;
export function requestIdFrom(header: string | string[] | null | undefined): string;
