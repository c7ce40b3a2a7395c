/**
 * `npm start`, `npm run pbs`, `npm run token`, `npm run migrate`: runs the compiled entry point
 * dist/<name>.mjs (scripts/build-entry-points.mjs, part of `npm run build`) on plain node, so a
 * production install (`npm ci --omit=dev`) needs no TypeScript loader. Says what to do when
 * the build has not run yet.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const NAMES = ["start", "pbs", "token", "migrate"];
const name = process.argv[2] ?? "";
if (!NAMES.includes(name)) {
  console.error(`usage: node scripts/entry.mjs <${NAMES.join("|")}> [arguments…]`);
  process.exit(2);
}
const file = path.resolve(import.meta.dirname, "..", "dist", `${name}.mjs`);
if (!existsSync(file)) {
  console.error(`[pba] ${path.relative(process.cwd(), file)} is missing: run \`npm run build\` first (it compiles the entry points)`);
  process.exit(1);
}
process.argv.splice(1, 2, file);
await import(pathToFileURL(file).href);
