/**
 * What every command is made of: its flags (described once, for parsing and for `--help`), its
 * run function, and the context it runs in; plus the checks that turn flag text into values.
 */
import { MAX_TIMEOUT_MS } from "../core/config.js";
import type { SeekrFlow } from "../node/seekrflow.js";
import { UsageError } from "./exit-codes.mjs";
import type { ProgressStream } from "./progress.mjs";

/** One flag of a command. */
export interface Flag {
  type: "string" | "boolean";
  multiple?: boolean;
  /** The value's name in help: MS, N, PATH, TEXT, ID. */
  value?: string;
  /** What it does, for `--help`. */
  describe: string;
  /** The values it takes, from the document. */
  values?: readonly string[];
  /** A one-letter alias, such as `h` for `--help`. */
  short?: string;
}

/** What a command gets to work with. */
export interface CommandContext {
  flow: () => SeekrFlow;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Prints a result: JSON on stdout with --json, else `human` lines. */
  result: (value: unknown, human: () => string) => void;
  /** Prints a message for people on stderr. */
  say: (text: string) => void;
  progress: ProgressStream;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Says what to print if Ctrl-C comes now: the state things are in and how to continue. */
  onInterrupt: (text: string) => void;
}

/** One command of the CLI. */
export interface Command {
  usage: string;
  summary: string;
  examples: string[];
  flags?: Record<string, Flag>;
  /** How many positional arguments: [min, max]. */
  positionals?: [number, number];
  /** Whether it calls the API (and so takes --timeout and --allow-insecure-http). @default true */
  callsApi?: boolean;
  run: (context: CommandContext) => Promise<void>;
}

/** A string flag's value. */
export function textFlag(values: CommandContext["values"], name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** A repeatable flag's values. */
export function listFlag(values: CommandContext["values"], name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
}

/** A whole-number flag within `min`..`max`, or a UsageError that says the range and unit. */
export function numberFlag(
  values: CommandContext["values"],
  name: string,
  { min, max, unit }: { min: number; max: number; unit: string },
): number | undefined {
  const text = textFlag(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max)
    throw new UsageError(
      `--${name} must be a whole number of ${unit} from ${min} to ${max}, not ${JSON.stringify(text)}`,
    );
  return value;
}

/** A flag whose value must be one of `allowed` (the document's enum). */
export function enumFlag<T extends string>(
  values: CommandContext["values"],
  name: string,
  allowed: readonly T[],
): T | undefined {
  const text = textFlag(values, name);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text))
    throw new UsageError(
      `--${name} must be one of ${allowed.join(", ")}, not ${JSON.stringify(text)}`,
    );
  return text as T;
}

/** A flag of milliseconds, as timers take them: a whole number from 1 to 2147483647. */
export function millisecondsFlag(
  values: CommandContext["values"],
  name: string,
): number | undefined {
  return numberFlag(values, name, { min: 1, max: MAX_TIMEOUT_MS, unit: "milliseconds" });
}
