/**
 * `seekrflow`: the data jobs API from a terminal. Finds the command (./commands.mjs: one per
 * operation, from the document, and the workflows), parses its arguments once (./parse.mjs),
 * runs it through the SeekrFlow facade with the environment it is given (and no other), and maps
 * what happened to an exit code (./exit-codes.mjs).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { APIError, ConfigurationError, InvalidRequestError, requestsSent } from "../core/errors.js";
import { DataJobStateError, WaitTimeoutError } from "../resources/job-errors.js";
import { variableFor } from "../core/config.js";
import { VERSION } from "../core/version.js";
import { SeekrFlow } from "../node/seekrflow.js";
import type { Command, CommandContext } from "./command.mjs";
import { COMMANDS, GROUPS } from "./commands.mjs";
import { EXIT_CODES, exitCodeOf, UsageError } from "./exit-codes.mjs";
import { nextCommand } from "./follow.mjs";
import { commandHelp, topHelp, usageOf } from "./help.mjs";
import { escapeControls, shellCommand } from "./output.mjs";
import { closest, GLOBAL_VALUE_FLAGS, parseCommand } from "./parse.mjs";
import type { ProgressStream } from "./progress.mjs";

/** The process's streams and environment, injectable for tests: nothing else is read. */
export interface Io {
  stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
  /** Read for `--body -` and `files upload -`. */
  stdin?: AsyncIterable<string | Uint8Array>;
  /** The folder relative paths are resolved against; the process's working folder by default. */
  cwd?: string;
}

const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h";

/** The argv with global flags given before the command moved after it, and the command's words. */
function split(argv: string[]): { words: string[]; rest: string[] } {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith("-") && !isHelp(argv[i])) {
    const arg = argv[i++]!;
    leading.push(arg);
    if (GLOBAL_VALUE_FLAGS.includes(arg) && i < argv.length) leading.push(argv[i++]!);
  }
  const words: string[] = [];
  while (i < argv.length && !argv[i]!.startsWith("-") && words.length < 2) {
    const candidate = [...words, argv[i]!].join(" ");
    const known =
      candidate in COMMANDS ||
      (words.length === 0 && (GROUPS.includes(argv[i]!) || argv[i] === "help"));
    if (!known && words.length > 0) break;
    words.push(argv[i++]!);
    if (candidate in COMMANDS) break;
  }
  return { words, rest: [...argv.slice(i), ...leading] };
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  const { words, rest } = split(argv);
  if (words[0] === "help") {
    const asked = [...words.slice(1), ...rest.filter((a) => !a.startsWith("-"))].join(" ");
    const command = COMMANDS[asked] ?? COMMANDS[asked.split(" ").slice(0, 2).join(" ")];
    if (command) io.stdout.write(`${commandHelp(command)}\n`);
    else if (asked && !GROUPS.includes(asked)) return unknownCommand(asked, io);
    else io.stdout.write(`${topHelp(asked || undefined)}\n`);
    return EXIT_CODES.ok;
  }
  const command = COMMANDS[words.join(" ")];
  if (!command) {
    const group = GROUPS.includes(words[0] ?? "") ? words[0] : undefined;
    const next = rest.find((arg) => !arg.startsWith("-"));
    if (next !== undefined || (words.length > 0 && !group))
      return unknownCommand([...words, next ?? ""].join(" ").trim(), io);
    if (rest.some(isHelp)) {
      io.stdout.write(`${topHelp(group)}\n`);
      return EXIT_CODES.ok;
    }
    io.stderr.write("error: no command given\n");
    io.stdout.write(`${topHelp(group)}\n`);
    return EXIT_CODES.usage;
  }
  const dashes = rest.indexOf("--");
  if ((dashes < 0 ? rest : rest.slice(0, dashes)).some(isHelp)) {
    io.stdout.write(`${commandHelp(command)}\n`);
    return EXIT_CODES.ok;
  }
  const json = rest.includes("--json");
  const localPath = (given: string) => path.resolve(io.cwd ?? process.cwd(), given);
  let parsed: Awaited<ReturnType<typeof parseCommand>>;
  try {
    parsed = await parseCommand(command, rest, {
      stdin: () => readAll(io.stdin),
      file: (given) => readFile(localPath(given), "utf8"),
    });
  } catch (error) {
    return report(error, { io, json, debug: false, command, sent: 0, notes: emptyNotes() });
  }
  const { values } = parsed;
  let client: SeekrFlow | undefined;
  let sent = 0;
  const notes = emptyNotes();
  const context: CommandContext = {
    ...parsed,
    flow: () => {
      if (client) return client;
      client = clientFor(values, io.env);
      client.use({ onRequest: () => void sent++ });
      return client;
    },
    result: (value, human) =>
      io.stdout.write(`${values.json ? JSON.stringify(value, null, 2) : human()}\n`),
    stdout: io.stdout,
    stdin: io.stdin,
    localPath,
    say: (text) => io.stderr.write(`${text}\n`),
    progress: io.stderr,
    signal,
    onInterrupt: (text) => (notes.interrupt = text),
    leftBehind: (text) => (notes.leftBehind = text),
  };
  try {
    if (command.callsApi) context.flow(); // configuration errors before anything else
    await command.run(context);
    return EXIT_CODES.ok;
  } catch (error) {
    return report(error, { io, json, debug: values.debug === true, command, sent, notes });
  }
}

const emptyNotes = (): { interrupt?: string; leftBehind?: string } => ({});

async function readAll(stdin: Io["stdin"]): Promise<string> {
  if (!stdin) throw new Error("no standard input to read");
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

function unknownCommand(asked: string, io: Io): number {
  const guess = closest(asked, Object.keys(COMMANDS));
  io.stderr.write(
    `error: unknown command "${escapeControls(asked)}"${guess ? `: did you mean "${guess}"?` : ""}\n(see seekrflow --help)\n`,
  );
  return EXIT_CODES.usage;
}

/** The client of the command line: options from flags, the rest from `env` (and nowhere else). */
function clientFor(values: CommandContext["values"], env: Io["env"]): SeekrFlow {
  return new SeekrFlow({
    env,
    timeoutMs: values.timeout as number | undefined,
    allowInsecureHttp: values["allow-insecure-http"] === true,
    // Every answer is checked: one the document does not allow is exit 6, never a crash.
    validateResponses: true,
    // The command line and its version, as curl names itself; the client is the same release.
    headers: { "user-agent": `seekrflow-cli/${VERSION} node/${process.versions.node}` },
  });
}

interface Failure {
  io: Io;
  json: boolean;
  debug: boolean;
  command: Command;
  /** How many requests went out before it failed. */
  sent: number;
  notes: { interrupt?: string; leftBehind?: string };
}

/** Prints an error (for people, or as JSON with --json) and returns its exit code. */
function report(error: unknown, { io, json, debug, command, sent, notes }: Failure): number {
  const code = exitCodeOf(error);
  const lines: string[] = [];
  const say = (text: string) => lines.push(text);
  say(`error: ${escapeControls((error as Error).message)}`);
  if (error instanceof APIError && Array.isArray(error.detail))
    for (const line of error.detailLines()) say(`  ${escapeControls(line)}`);
  if (error instanceof DataJobStateError) {
    for (const reason of error.reasons) say(`  ${escapeControls(reason)}`);
    const next = nextCommand(error.job);
    if (next) say(`next: ${next}`);
  }
  if (error instanceof WaitTimeoutError)
    say(`next: ${shellCommand(["data-jobs", "watch", error.dataJobId])}`);
  if (error instanceof ConfigurationError && /allowInsecureHttp/.test(error.message))
    say("On the command line, that is --allow-insecure-http.");
  if (error instanceof ConfigurationError && /No API key/.test(error.message))
    say(
      `On the command line: export ${variableFor("apiKey")}=<your key> (or try seekrflow demo, which needs none).`,
    );
  if (code === EXIT_CODES.interrupted && notes.interrupt) say(notes.interrupt);
  if (notes.leftBehind && !(error instanceof DataJobStateError)) say(notes.leftBehind);
  if (error instanceof UsageError || error instanceof InvalidRequestError) {
    say(`usage: ${usageOf(command)}`);
    say(`(see seekrflow ${command.words} --help)`);
  }
  if (code === EXIT_CODES.usage) say(requestsSent(sent));
  if (code === EXIT_CODES.unexpected)
    say(
      `This is a bug in seekrflow ${VERSION}, not in what you asked: please report it to the seekrflow-client maintainers with this output (add --debug for the stack).`,
    );
  if (debug && (error as Error).stack) say((error as Error).stack!);
  if (json) {
    const { name, message } = error as Error;
    const extra = error as { status?: number; requestId?: string; detail?: unknown };
    io.stderr.write(
      `${JSON.stringify({
        error: {
          type: name,
          message,
          exitCode: code,
          ...(extra.status === undefined ? {} : { status: extra.status }),
          ...(extra.requestId === undefined ? {} : { requestId: extra.requestId }),
          ...(extra.detail === undefined ? {} : { detail: extra.detail }),
          notes: lines.slice(1).filter((line) => !line.startsWith("    at ")),
        },
      })}\n`,
    );
  } else io.stderr.write(`${lines.join("\n")}\n`);
  return code;
}
