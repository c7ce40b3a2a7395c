import { z } from "zod";
import { CliError, EXIT } from "./exit-codes";

/**
 * The CLI's configuration: PBA_URL (the app's base URL) and PBA_TOKEN (an API token, from the
 * API tokens page or `npm run token`). The CLI runs on an operator's machine, not the
 * server, so it reads these two variables here instead of through lib/env.ts.
 */
const ZCliEnv = z.object({
  PBA_URL: z
    .string({ error: "missing: set it to the app's base URL, e.g. https://pba.example.com" })
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://pba.example.com" }))
    .transform((url) => url.replace(/\/+$/, "")),
  PBA_TOKEN: z
    .string({ error: "missing: create an API token on the API tokens page (or `npm run token`) and export PBA_TOKEN" })
    .trim()
    .regex(/^pba_[A-Za-z0-9_-]{16,200}$/, { error: "malformed: an API token starts with pba_ followed by letters and digits" }),
});
export type TCliEnv = z.output<typeof ZCliEnv>;

/** Parses PBA_URL and PBA_TOKEN; a CliError (exit 3) names each bad variable. */
export function parseCliEnv(source: Record<string, string | undefined>): TCliEnv {
  const result = ZCliEnv.safeParse({ PBA_URL: source.PBA_URL, PBA_TOKEN: source.PBA_TOKEN });
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new CliError(`environment not usable:\n${lines.map((line) => `  ${line}`).join("\n")}`, EXIT.network, {
    code: "configuration",
    details: { variables: lines },
  });
}
