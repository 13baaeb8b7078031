/**
 * The command line, `deno task cli COMMAND [options]`: dispatches to one
 * module per command (`simulate.ts` for `simulate` and `compare`,
 * `brokers.ts`, `validate.ts`, `year.ts`, and the disclosure readers' `605`
 * and `606`); the shared option parsers are in `options.ts`, the shared
 * output in `render.ts`. `deno task cli --help` lists every command and
 * option.
 *
 * @module
 */
import { ValidationError } from "../sim/validate.ts";
import { runDisclosureCli } from "../disclosures/cli.ts";
import { USAGE, UsageError } from "./options.ts";
import { brokersCommand } from "./brokers.ts";
import { validateCommand } from "./validate.ts";
import { yearCommand } from "./year.ts";
import { YearOutputError } from "../runs/year_errors.ts";
import { watchParent } from "./process.ts";
import { simulateCommand } from "./simulate.ts";

export { USAGE, UsageError } from "./options.ts";
export { CLI_METRICS } from "./simulate.ts";
export { VALIDATE_DEFAULTS } from "./validate.ts";

/** Output of a command: text for stdout and an exit code. */
export interface CliResult {
  /** Text for standard output. */
  stdout: string;
  /** Exit code: 0 success, 2 bad arguments or input. */
  code: number;
}

/** The command's output, or a usage error for a missing or unknown command. */
async function dispatch(args: string[]): Promise<string> {
  const [command, ...rest] = args;
  switch (command) {
    case "year":
      return await yearCommand(rest);
    case "brokers":
      return brokersCommand(rest);
    case "validate":
      return validateCommand(rest);
    case "simulate":
    case "compare":
      return await simulateCommand(command, rest);
    case "-h":
    case "--help":
    case "help":
      return USAGE;
    default:
      throw new UsageError(command ? `unknown command "${command}"` : "missing command");
  }
}

/**
 * Runs the command line on `args`; never exits the process.
 *
 * @example
 * ```ts
 * import { runCli } from "./main.ts";
 * const r = await runCli(["simulate", "--orders=-5"]);
 * if (r.code !== 2 || !r.stdout.startsWith("error: --orders: expected an integer >= 1")) {
 *   throw new Error(r.stdout);
 * }
 * if ((await runCli(["--help"])).code !== 0) throw new Error();
 * ```
 */
export async function runCli(args: string[]): Promise<CliResult> {
  if (args[0] === "606" || args[0] === "605") return await runDisclosureCli(args);
  try {
    return { stdout: await dispatch(args), code: 0 };
  } catch (e) {
    if (e instanceof UsageError) {
      return { stdout: `error: ${e.message}\n\n${USAGE}`, code: 2 };
    }
    // Bad input (a scenario file, a day file, the output folder): the message names it.
    if (e instanceof ValidationError || e instanceof RangeError || e instanceof YearOutputError) {
      return { stdout: `error: ${e.message}\n(deno task cli --help for usage)\n`, code: 2 };
    }
    throw e;
  }
}

if (import.meta.main) {
  watchParent();
  const result = await runCli(Deno.args);
  if (result.code === 0) await Deno.stdout.write(new TextEncoder().encode(result.stdout));
  else await Deno.stderr.write(new TextEncoder().encode(result.stdout));
  Deno.exit(result.code);
}
