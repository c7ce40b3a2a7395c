/**
 * CLI: pack files into an MSZIP cabinet, like `makecab` / `gcab -cz`.
 *
 *   tsx scripts/cab.ts <out.cab> <file>...
 *
 * Names are stored as each file's basename; dates are the files' mtimes.
 * Exit codes: 0 ok, 1 a file is missing/unreadable or the cabinet cannot be
 * built (CabError), 2 bad arguments.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { CabError, writeCabinet } from "../lib/cab";
import type { CabInputFile } from "../lib/cab";

const USAGE = "usage: npm run cab -- <out.cab> <file>...\n  Packs the files (stored by basename) into an MSZIP-compressed cabinet.";

function run(args: string[]): number {
  if (args.includes("-h") || args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const [out, ...inputs] = args;
  if (out === undefined || inputs.length === 0) {
    console.error(`error: need an output cabinet and at least one input file\n${USAGE}`);
    return 2;
  }
  if (!out.toLowerCase().endsWith(".cab")) {
    console.error(`error: output ${JSON.stringify(out)} should end in .cab (is the argument order right?)\n${USAGE}`);
    return 2;
  }
  const options = args.filter((a) => a.startsWith("-"));
  if (options.length > 0) {
    console.error(`error: unknown option ${options[0]}\n${USAGE}`);
    return 2;
  }

  const files: CabInputFile[] = [];
  for (const path of inputs) {
    let st;
    try {
      st = statSync(path);
    } catch {
      console.error(`error: input file not found: ${path}`);
      return 1;
    }
    if (!st.isFile()) {
      console.error(`error: not a regular file: ${path}`);
      return 1;
    }
    files.push({ name: basename(path), data: readFileSync(path), date: st.mtime });
  }

  try {
    const cab = writeCabinet(files);
    writeFileSync(out, cab);
    console.log(`${out}: ${files.length} file(s), ${cab.length} bytes`);
    return 0;
  } catch (e) {
    if (e instanceof CabError) {
      console.error(`error (${e.code}): ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = run(process.argv.slice(2));
