#!/usr/bin/env node
/**
 * `seekrflow`: the data jobs workflow from a terminal. Arguments are parsed with node:util
 * parseArgs (strict, no dependency); every command goes through the SeekrFlow facade.
 *
 * Exit codes: 0 done, 1 unexpected failure, 2 usage or input error, 3 the API refused (4xx/5xx),
 * 4 network failure or timeout, 5 the job ended where it was not wanted, 130 interrupted.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  APIAbortError,
  APIConnectionError,
  APIError,
  BadResponseError,
  ConfigurationError,
  InvalidRequestError,
} from "../core/errors.js";
import { SeekrFlow } from "../seekrflow.js";
import { DataJobStateError } from "../resources/wait.js";
import { COMMANDS, type Command, type CommandContext, UsageError } from "./commands.js";
import { demo } from "./demo.js";

const ALL: Record<string, Command> = { ...COMMANDS, demo };
const GLOBAL = {
  json: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The process's streams, injectable for tests. */
export interface Io {
  stdout: { write(text: string): unknown };
  stderr: CommandContext["progress"];
}

function help(): string {
  const width = Math.max(...Object.keys(ALL).map((k) => k.length));
  return [
    "seekrflow: turn documents into fine-tuning datasets with SeekrFlow data jobs.",
    "",
    "Usage: seekrflow <command> [options]     (seekrflow <command> --help for more)",
    "",
    ...Object.entries(ALL).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Options for every command: --json (results as JSON on stdout), --debug (stack traces), --help",
    "Environment: SEEKR_API_KEY (required), SEEKR_BASE_URL, SEEKR_TEAM_ID, SEEKR_LOG=debug",
    "",
    "Try it with no account: seekrflow demo",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {}).map(
    ([flag, o]) =>
      `  --${flag}${o.type === "string" ? " VALUE" : ""}${o.multiple ? " (repeatable)" : ""}`,
  );
  return [
    `${command.summary}`,
    "",
    `Usage: ${command.usage}`,
    ...(options.length ? ["", "Options:", ...options] : []),
    "",
    "Examples:",
    ...command.examples.map((e) => `  ${e}`),
  ].join("\n");
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  const name = argv[0] === "demo" ? "demo" : argv.slice(0, 2).join(" ");
  const command = ALL[name];
  const debug = argv.includes("--debug");
  if (!command) {
    const asked =
      argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help";
    io.stderr.write(
      `${asked ? "" : `error: unknown command "${argv.slice(0, 2).join(" ")}"\n\n`}${help()}\n`,
    );
    return asked ? 0 : 2;
  }
  const rest = argv.slice(name.split(" ").length);
  let values: CommandContext["values"];
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL, ...command.options },
      allowPositionals: true,
      strict: true,
    }));
    if (values.help) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return 0;
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
      `error: ${(error as Error).message}\nusage: ${command.usage}\n(see seekrflow ${name} --help)\n`,
    );
    return 2;
  }
  let client: SeekrFlow | undefined;
  const context: CommandContext = {
    flow: () => (client ??= new SeekrFlow()),
    values,
    positionals,
    result: (value, human) =>
      io.stdout.write(`${values.json ? JSON.stringify(value, null, 2) : human()}\n`),
    say: (text) => io.stderr.write(`${text}\n`),
    progress: io.stderr,
    signal,
  };
  try {
    await command.run(context);
    return 0;
  } catch (error) {
    return report(error, io, debug, name, positionals);
  }
}

/** Prints an error for people and returns its exit code. */
function report(
  error: unknown,
  io: Io,
  debug: boolean,
  name: string,
  positionals: string[],
): number {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const e = error as Error;
  say(`error: ${e.message}`);
  if (error instanceof APIError && Array.isArray(error.detail)) {
    for (const item of error.detail as { loc?: unknown[]; msg?: string }[])
      say(`  ${(item.loc ?? []).join(".")}: ${item.msg}`);
  }
  if (error instanceof DataJobStateError) for (const reason of error.reasons) say(`  ${reason}`);
  if (error instanceof APIAbortError && positionals[0])
    say(`The job goes on. Resume with: seekrflow data-jobs watch ${positionals[0]}`);
  if (debug && e.stack) say(e.stack);
  if (
    error instanceof UsageError ||
    error instanceof InvalidRequestError ||
    error instanceof ConfigurationError
  ) {
    say(`usage: ${ALL[name]!.usage}`);
    return 2;
  }
  if (error instanceof APIAbortError) return 130;
  if (error instanceof APIError) return 3;
  if (error instanceof APIConnectionError || error instanceof BadResponseError) return 4;
  if (error instanceof DataJobStateError) return 5;
  return 1;
}

// Run when executed (directly or through npm's bin link), not when imported.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const controller = new AbortController();
  // The first Ctrl-C stops waiting politely (the job goes on); a second one exits at once.
  process.on("SIGINT", () => (controller.signal.aborted ? process.exit(130) : controller.abort()));
  const code = await main(
    process.argv.slice(2),
    { stdout: process.stdout, stderr: process.stderr },
    controller.signal,
  );
  process.exitCode = code;
}
