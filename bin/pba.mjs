#!/usr/bin/env node
/**
 * `npx pba …`: runs the compiled command-line tool dist/pba.mjs (scripts/pba.ts, built by
 * `npm run build`) on plain node. Says what to do when the build has not run yet.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const file = path.resolve(import.meta.dirname, "..", "dist", "pba.mjs");
if (!existsSync(file)) {
  console.error("pba: dist/pba.mjs is missing: run `npm run build` in the PBA Cloud repository first (it compiles the command-line tool)");
  process.exit(2);
}
await import(pathToFileURL(file).href);
