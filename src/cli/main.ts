/**
 * @module cli/main
 * The `coca` command: parses arguments, runs one command, and maps errors to
 * exit codes in this one place (2 input, 3 data, 4 not found, 5 conflict, 1 other).
 */
import { Command, CommanderError } from "commander";
import { exitCodeFor } from "../domain/errors.ts";
import { createContext } from "./context.ts";
import { COMMAND_GROUPS } from "./commands/index.ts";

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command("coca")
    .description("Coca Monitor: traceable coca cultivation and cocaine production estimates for the Andes")
    .option("--db <path|url>", "store: a SQLite file or a postgres:// URL (default: $COCA_DB or ~/.local/share/coca-monitor/coca.db)")
    .exitOverride()
    .showHelpAfterError();
  const ctx = createContext(program);
  // Load only the group being run; everything for help or an unknown command.
  const first = firstCommandWord(argv);
  const groups = COMMAND_GROUPS.filter((g) => g.name === first);
  for (const group of groups.length ? groups : COMMAND_GROUPS) (await group.load()).register(program, ctx);
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`coca: ${message}\n`);
    if (process.env.COCA_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return exitCodeFor(error);
  } finally {
    await ctx.close();
  }
}

/** The first word of argv that is not a global option (or its value). */
function firstCommandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--db") i++;
    else if (!a.startsWith("-")) return a;
  }
  return undefined;
}

const isEntry = process.argv[1] !== undefined && /cli[\\/]main\.[jt]s$|bin[\\/]coca(\.js)?$/.test(process.argv[1]);
if (isEntry || process.env.COCA_CLI_ENTRY === "1") {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
