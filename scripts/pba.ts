/**
 * `pba`, the command-line tool (README "Command-line tool"): compiled to dist/pba.mjs by
 * `npm run build` and started by bin/pba.mjs (`npx pba …`). It talks only to the REST API,
 * at PBA_URL with the token PBA_TOKEN; lib/cli/ holds the commands.
 */
import { runCli } from "@/lib/cli/program";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // The operator's shell, not the server's configuration: lib/cli/cli-env.ts validates PBA_URL and PBA_TOKEN.
  env: process.env,
  cwd: process.cwd(),
});
