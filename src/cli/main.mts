/**
 * `seekrflow`: the data jobs workflow from a terminal. Arguments are parsed with node:util
 * parseArgs (strict, no dependency); every command goes through the SeekrFlow facade. The exit
 * codes are in ./exit-codes.mts, the commands in ./data-jobs.mts, ./files.mts and ./demo.mts.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import {
  APIError,
  ConfigurationError,
  DataJobStateError,
  InvalidRequestError,
} from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { SeekrFlow } from "../node/seekrflow.js";
import type { Command, CommandContext, Flag } from "./command.mjs";
import { millisecondsFlag } from "./command.mjs";
import { DATA_JOB_COMMANDS } from "./data-jobs.mjs";
import { demo } from "./demo.mjs";
import { EXIT_CODE_HELP, EXIT_CODES, exitCodeOf, UsageError } from "./exit-codes.mjs";
import { FILE_COMMANDS } from "./files.mjs";
import { safe } from "./output.mjs";
import type { ProgressStream } from "./progress.mjs";

const ALL: Record<string, Command> = { ...DATA_JOB_COMMANDS, ...FILE_COMMANDS, demo };
const GROUPS = ["data-jobs", "files"];

/** Flags every command takes. */
const COMMON: Record<string, Flag> = {
  json: { type: "boolean", describe: "print results as JSON on stdout (messages stay on stderr)" },
  debug: { type: "boolean", describe: "print stack traces" },
  help: { type: "boolean", short: "h", describe: "show this help (-h)" },
};
/** Flags of the commands that call the API. */
const API: Record<string, Flag> = {
  timeout: {
    type: "string",
    value: "MS",
    describe: "give up on a request after MS milliseconds (default: SEEKR_TIMEOUT_MS, else 60000)",
  },
  "allow-insecure-http": {
    type: "boolean",
    describe: "allow a plain http:// SEEKR_BASE_URL that is not on this machine",
  },
};

/** The process's streams, injectable for tests. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
}

function help(group?: string): string {
  const names = Object.keys(ALL).filter((name) => !group || name.startsWith(`${group} `));
  const width = Math.max(...names.map((k) => k.length));
  return [
    "seekrflow: turn documents into fine-tuning datasets with SeekrFlow data jobs.",
    "",
    `Usage: seekrflow ${group ?? "<command>"}${group ? " <command>" : ""} [options]     (add --help to a command for more)`,
    "",
    ...names.map((name) => `  ${name.padEnd(width)}  ${ALL[name]!.summary}`),
    "",
    "Options for every command: --json, --debug, --help; for those that call the API also",
    "--timeout MS and --allow-insecure-http. seekrflow --version prints the version.",
    "Environment: SEEKR_API_KEY (required), SEEKR_BASE_URL, SEEKR_TEAM_ID, SEEKR_TIMEOUT_MS, SEEKR_LOG=debug",
    "",
    EXIT_CODE_HELP,
    "",
    "Try it with no account: seekrflow demo",
  ].join("\n");
}

function flagsOf(command: Command): Record<string, Flag> {
  return { ...command.flags, ...(command.callsApi === false ? {} : API), ...COMMON };
}

function commandHelp(command: Command): string {
  const flags = Object.entries(flagsOf(command)).map(
    ([name, f]) =>
      `  --${name}${f.value ? ` ${f.value}` : ""}${f.multiple ? " (repeatable)" : ""}`.padEnd(34) +
      ` ${f.describe}${f.values ? `: ${f.values.join(", ")}` : ""}`,
  );
  return [
    command.summary,
    "",
    `Usage: ${command.usage}`,
    "",
    "Options:",
    ...flags,
    "",
    "Examples:",
    ...command.examples.map((e) => `  ${e}`),
    "",
    EXIT_CODE_HELP,
  ].join("\n");
}

/** parseArgs with every flag; a single-value flag given twice is an error, not "the last wins". */
function parse(command: Command, args: string[]) {
  const flags = flagsOf(command);
  const options: ParseArgsConfig["options"] = Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      { type: f.type, multiple: f.multiple ?? false, ...(f.short ? { short: f.short } : {}) },
    ]),
  );
  const { values, positionals, tokens } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || flags[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} was given more than once`);
    seen.add(token.name);
  }
  return { values: values as CommandContext["values"], positionals };
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  if (argv[0] === "--version" || argv[0] === "-v") {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_CODES.ok;
  }
  const name = argv[0] === "demo" ? "demo" : argv.slice(0, 2).join(" ");
  const command = ALL[name];
  if (!command) {
    const group = GROUPS.includes(argv[0] ?? "") ? argv[0] : undefined;
    const rest = argv.slice(group ? 1 : 0);
    const asked = rest[0] === "--help" || rest[0] === "-h" || rest[0] === "help";
    if (!asked)
      io.stderr.write(
        rest.length === 0
          ? `error: no command given\n`
          : `error: unknown command "${safe(argv.slice(0, 2).join(" "))}"\n`,
      );
    io.stdout.write(`${help(group)}\n`);
    return asked ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  let values: CommandContext["values"];
  let positionals: string[];
  try {
    ({ values, positionals } = parse(command, argv.slice(name.split(" ").length)));
    if (values.help) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return EXIT_CODES.ok;
    }
    const [min, max] = command.positionals ?? [0, 0];
    if (positionals.length < min || positionals.length > max) {
      throw new UsageError(
        min === max
          ? `expects ${min} argument${min === 1 ? "" : "s"}, got ${positionals.length}`
          : `expects at least ${min} arguments`,
      );
    }
  } catch (error) {
    io.stderr.write(
      `error: ${safe((error as Error).message)}\nusage: ${command.usage}\n(see seekrflow ${name} --help)\n`,
    );
    return EXIT_CODES.usage;
  }
  let client: SeekrFlow | undefined;
  let note: string | undefined;
  const context: CommandContext = {
    flow: () => (client ??= clientFor(values, io.env)),
    values,
    positionals,
    result: (value, human) =>
      io.stdout.write(`${values.json ? JSON.stringify(value, null, 2) : human()}\n`),
    say: (text) => io.stderr.write(`${text}\n`),
    progress: io.stderr,
    signal,
    onInterrupt: (text) => (note = text),
  };
  try {
    if (command.callsApi !== false) context.flow(); // configuration errors before anything else
    await command.run(context);
    return EXIT_CODES.ok;
  } catch (error) {
    return report(error, io, values.debug === true, name, note);
  }
}

/** The client of the command line: options from flags, then from the environment. */
function clientFor(values: CommandContext["values"], env: Io["env"]): SeekrFlow {
  const fromEnv = env.SEEKR_TIMEOUT_MS;
  const timeoutMs =
    millisecondsFlag(values, "timeout") ??
    (fromEnv === undefined || fromEnv === ""
      ? undefined
      : millisecondsFlag({ "timeout (SEEKR_TIMEOUT_MS)": fromEnv }, "timeout (SEEKR_TIMEOUT_MS)"));
  return new SeekrFlow({
    apiKey: env.SEEKR_API_KEY || undefined,
    baseUrl: env.SEEKR_BASE_URL || undefined,
    teamId: env.SEEKR_TEAM_ID || undefined,
    timeoutMs,
    allowInsecureHttp: values["allow-insecure-http"] === true,
  });
}

/** Prints an error for people and returns its exit code. */
function report(
  error: unknown,
  io: Io,
  debug: boolean,
  name: string,
  note: string | undefined,
): number {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const code = exitCodeOf(error);
  say(`error: ${safe((error as Error).message)}`);
  if (error instanceof APIError && Array.isArray(error.detail)) {
    for (const item of error.detail)
      say(`  ${safe((item.loc ?? []).join("."))}: ${safe(item.msg)}`);
  }
  if (error instanceof DataJobStateError)
    for (const reason of error.reasons) say(`  ${safe(reason)}`);
  if (error instanceof ConfigurationError && /allowInsecureHttp/.test(error.message))
    say("On the command line, that is --allow-insecure-http.");
  if (note && code !== EXIT_CODES.usage) say(note);
  if (error instanceof UsageError || error instanceof InvalidRequestError)
    say(`usage: ${ALL[name]!.usage}`);
  if (code === EXIT_CODES.unexpected)
    say(
      `This is a bug in seekrflow ${VERSION}, not in what you asked: please report it with this output (add --debug for the stack).`,
    );
  if (debug && (error as Error).stack) say((error as Error).stack!);
  return code;
}
