import { Command, CommanderError, Option } from "commander";
import { ApiClient } from "./api-client";
import { parseCliEnv } from "./cli-env";
import { CliError, EXIT, EXIT_CODES_HELP } from "./exit-codes";
import { formatCliError } from "./format";
import { Output, type TCliIo } from "./output";
import { importCommand, listPhonebooksCommand, publishCommand, statusCommand, versionsCommand } from "./phonebook-commands";
import { downloadCommand, exportCommand, parseVersionArg } from "./transfer-commands";

const ENV_HELP = `Environment:
  PBA_URL    base URL of the app, e.g. https://pba.example.com
  PBA_TOKEN  an API token (API tokens page, or npm run token); scopes: read for list,
             status, versions, export, download; write for import; publish for publish`;

/** The `pba` command tree (commander). Actions run against the REST API through `io`. */
function buildProgram(io: TCliIo): Command {
  const program = new Command("pba")
    .description("PBA Cloud from the command line: phone books, imports, publishing and downloads over the REST API")
    .addOption(new Option("--json", "print results (and errors) as JSON"))
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText("after", `\n${ENV_HELP}\n\n${EXIT_CODES_HELP}`)
    .showHelpAfterError("(pba --help for usage)")
    .exitOverride();
  const context = () => {
    const out = new Output(io, program.opts<{ json?: boolean }>().json === true);
    return { out, api: () => new ApiClient(parseCliEnv(io.env), io.fetch) };
  };
  const run = (fn: (c: ReturnType<typeof context>) => Promise<void>) => () => fn(context());

  const phonebooks = program.command("phonebooks").description("phone books of the token's organisation").exitOverride();
  phonebooks
    .command("list")
    .description("list phone books with version, POP count and pending changes")
    .action(run(({ api, out }) => listPhonebooksCommand(api(), out)));

  program
    .command("status <book>")
    .description("current version, POPs, pending changes and the PBS URL")
    .action((book: string) => run(({ api, out }) => statusCommand(api(), out, book))());

  program
    .command("import <book> <file>")
    .description("import a CSV file (merge by default); prints the counts, or the errors grouped by field")
    .option("--replace", "replace: POPs missing from the file are deleted")
    .option("--dry-run", "validate and count only; nothing is written")
    .action((book: string, file: string, o: { replace?: boolean; dryRun?: boolean }) =>
      run(({ api, out }) =>
        importCommand(api(), out, { book, file, cwd: io.cwd, isReplace: o.replace === true, isDryRun: o.dryRun === true }),
      )(),
    );

  program
    .command("publish <book>")
    .description("publish the pending changes as a new version")
    .option("-m, --message <text>", "a note for the version (sent; not stored by the server yet)")
    .action((book: string, o: { message?: string }) => run(({ api, out }) => publishCommand(api(), out, book, o.message))());

  program
    .command("versions <book>")
    .description("version history, newest first")
    .action((book: string) => run(({ api, out }) => versionsCommand(api(), out, book))());

  program
    .command("export <book>")
    .description("the phone book as CSV (the import format), streamed to stdout or -o")
    .option("-o, --output <file>", "write to this file (- for stdout)")
    .action((book: string, o: { output?: string }) => run(({ api, out }) => exportCommand(api(), out, book, { io, output: o.output }))());

  program
    .command("download <book> <version>")
    .description('a version\'s full cab (or --bundle: every file as a zip); version: a number or "current"')
    .option("--bundle", "the zip bundle with manifest.json instead of the full cab")
    .option(
      "-o, --output <file>",
      "write to this file (- for stdout); default: stdout when it is not a terminal, else the server's file name",
    )
    .action((book: string, version: string, o: { bundle?: boolean; output?: string }) =>
      run(({ api, out }) =>
        downloadCommand(api(), out, { book, version: parseVersionArg(version), isBundle: o.bundle === true, io, output: o.output }),
      )(),
    );

  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs `pba` with `argv` (without node and the script) and returns the exit code (EXIT).
 * Every failure is printed as one readable message (--json: {"error":…}), never a stack.
 */
export async function runCli(argv: string[], io: TCliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end here too, with exit code 0; commander printed them already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const failure =
      error instanceof CliError
        ? error
        : new CliError(`unexpected failure: ${error instanceof Error ? error.message : String(error)}`, EXIT.network, { code: "internal" });
    // export and download may be writing the file to stdout: their errors go to stderr.
    const command = argv.find((arg) => !arg.startsWith("-"));
    const errorStream = command === "export" || command === "download" ? io.stderr : io.stdout;
    if (argv.includes("--json"))
      errorStream.write(
        `${JSON.stringify({ error: { message: failure.message, exitCode: failure.exitCode, ...failure.info } }, null, 2)}\n`,
      );
    else io.stderr.write(`pba: ${formatCliError(failure)}\n`);
    return failure.exitCode;
  }
}
