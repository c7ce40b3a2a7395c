/**
 * `node scripts/assemble-standalone.mjs <folder>`, after `npm run build`: lays out the
 * production runtime in <folder>, exactly what the container image holds (Dockerfile):
 *   server.js, node_modules/, .next/   Next's standalone output (only the traced npm files)
 *   .next/static/, public/              assets the standalone output leaves out
 *   dist/*.mjs                          compiled start, pbs, token and migrate entry points
 *   scripts/server.mjs, request-stamp.mjs, content-length.mjs, entry.mjs, docker-entrypoint.sh
 *   prisma/migrations/                  applied at start or by `migrate`
 * The folder runs on plain node with no repository around it: `node dist/start.mjs`,
 * `node dist/pbs.mjs`, `node dist/migrate.mjs` (e2e/standalone.spec.ts starts it that way).
 */
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const target = process.argv[2];
if (!target) {
  console.error("usage: node scripts/assemble-standalone.mjs <folder>");
  process.exit(2);
}
const out = path.resolve(target);
for (const built of [".next/standalone/server.js", "dist/start.mjs"]) {
  if (!existsSync(path.join(root, built))) {
    console.error(`[assemble] ${built} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const copy = (from, to = from) => cpSync(path.join(root, from), path.join(out, to), { recursive: true, dereference: true });
copy(".next/standalone", ".");
copy(".next/static", ".next/static");
copy("public");
copy("dist");
for (const file of ["server.mjs", "request-stamp.mjs", "content-length.mjs", "entry.mjs", "docker-entrypoint.sh"]) copy(`scripts/${file}`);
copy("prisma/migrations");
console.log(`[assemble] production runtime in ${out}`);
