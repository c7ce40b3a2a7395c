// Types of scripts/content-length.mjs (plain JavaScript so that scripts/server.mjs runs on bare node).
import type { ServerResponse } from "node:http";

export function keepContentLength(res: ServerResponse): void;
export const CONTENT_LENGTH_HINT: "x-pba-content-length";
