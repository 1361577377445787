/**
 * What every command is made of: its arguments and flags (from the generated command table, or
 * the command's own), its run function, and the context it runs in.
 */
import type { OperationId } from "../generated/operations.js";
import type { SeekrFlow } from "../node/seekrflow.js";
import type { ProgressStream } from "./progress.mjs";

/**
 * One flag. `in` says where its value goes (a query parameter or body field `key` of the
 * operation); a flag without it is the command's own. An operation's flag's type is the document's.
 */
export interface Flag {
  in?: "query" | "body";
  key?: string;
  /** `duration`: `30s`, `5m`, `250ms`, `1h`; a bare number is milliseconds. */
  type: "string" | "integer" | "boolean" | "duration";
  /** Repeatable: each use adds a value. */
  list?: boolean;
  /** The values it takes. */
  values?: readonly unknown[];
  /** What sending null does (the document's `x-seekrflow-null`): such a flag has `--clear-<name>`. */
  clears?: string;
  required?: boolean;
  /**
   * Bounds of a command's own flag, checked when it is parsed. An operation's flags have none:
   * the document's validators judge what they send (see ./input-check.mts).
   */
  minimum?: number;
  maximum?: number;
  /** An operation's flag's limits in words, for help (`1 to 100`). */
  limits?: string;
  /** The server's default, for help. */
  default?: unknown;
  /** What it does, for help. */
  describe: string;
  /** The value's name in help, such as PATH. */
  value?: string;
  /** A one-letter alias, such as `h` for `--help`. */
  short?: string;
  /** Other names that keep working, such as `type` for `job-type`. */
  aliases?: readonly string[];
}

/** One positional argument: a path parameter, a form's file field, or the command's own. */
export interface Argument {
  name: string;
  in?: "path" | "file";
  /** Takes every remaining argument. */
  list?: boolean;
  /** May be left out. */
  optional?: boolean;
  describe: string;
}

/** An operation's input, as the document shapes it. */
export interface Input {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown> | undefined;
}

/** Every flag's typed value by flag name, and the arguments by name. */
export type Values = Record<string, unknown>;

/** What a command gets to work with. */
export interface CommandContext {
  flow: () => SeekrFlow;
  /** The operation's input from the arguments and flags, checked against the document's limits. */
  input: Input;
  /** Every flag given, typed, by its name. */
  values: Values;
  /** The arguments, by name (a list argument is an array). */
  args: Record<string, string | string[] | undefined>;
  /** Prints a result: JSON on stdout with --json, else `human` lines. */
  result: (value: unknown, human: () => string) => void;
  /** Writes raw bytes to stdout (a download to `-`); `isTTY` when it is a terminal. */
  stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  /** Standard input, for `--body -` and `files upload -`. */
  stdin: AsyncIterable<Uint8Array | string> | undefined;
  /**
   * A path the user gave, resolved against their working folder: what every file the command
   * reads or writes is opened by. What it prints names the path as it was given.
   */
  localPath: (given: string) => string;
  /** Prints a message for people on stderr. */
  say: (text: string) => void;
  progress: ProgressStream;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Says what to print if Ctrl-C comes now: how to continue. Printed after an interruption only. */
  onInterrupt: (text: string) => void;
  /**
   * Says what the command has made so far that stays (a job created, files uploaded), and how
   * to go on from there: printed after any failure or interruption but a job's own end.
   */
  leftBehind: (text: string) => void;
}

/** One command of the CLI. */
export interface Command {
  /** Its words, such as `data-jobs create`. */
  words: string;
  /** The operation it calls, when it is one operation's command. */
  operation?: OperationId;
  summary: string;
  description?: string;
  arguments: readonly Argument[];
  flags: Record<string, Flag>;
  /** Whether it takes `--body` (the operation has a JSON body). */
  jsonBody: boolean;
  /** Example argvs, without `seekrflow`. */
  examples: readonly (readonly string[])[];
  /** Whether it calls the API (and so takes --timeout and --allow-insecure-http). */
  callsApi: boolean;
  /** A list flag that the arguments after the declared ones add to, such as `file-ids`. */
  trailing?: string;
  /**
   * The fields of the operation's input that the command fills in itself (the ids of the files
   * it uploads, a default purpose, a form's files), which may be missing from what it is given.
   */
  fills?: readonly string[];
  run: (context: CommandContext) => Promise<void>;
}

/**
 * A workflow command: on top of an operation's command (its arguments and flags kept, `flags`
 * added) or, without an operation, a command of its own.
 */
export interface Workflow {
  summary?: string;
  description?: string;
  /** Replaces the operation's arguments. */
  arguments?: readonly Argument[];
  /** Added to the operation's flags. */
  flags?: Record<string, Flag>;
  /** The operation's flags this command does not require, because it fills them another way. */
  optional?: readonly string[];
  examples?: readonly (readonly string[])[];
  trailing?: string;
  callsApi?: boolean;
  run: (context: CommandContext) => Promise<void>;
}
