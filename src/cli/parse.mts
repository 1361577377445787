/**
 * Arguments and flags, parsed once, before anything is sent: node:util `parseArgs` (strict, no
 * dependency) reads the words, each value is converted to its flag's type here (a command's own
 * flag checked against its own limits), and the operation's input they make is judged by the
 * document's validators (./input-check.mts). The result is typed values and that input.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { MAX_TIMEOUT_MS } from "../core/config.js";
import { operationTable } from "../generated/operations.js";
import type { Command, Flag, Input, Values } from "./command.mjs";
import { UsageError } from "./exit-codes.mjs";
import { checkInput } from "./input-check.mjs";

/** Flags every command takes. */
export const COMMON_FLAGS: Record<string, Flag> = {
  json: { type: "boolean", describe: "print results as JSON on stdout (errors as JSON on stderr)" },
  debug: { type: "boolean", describe: "print stack traces" },
  help: { type: "boolean", short: "h", describe: "show this help" },
};

/** Flags of the commands that call the API. */
export const API_FLAGS: Record<string, Flag> = {
  timeout: {
    type: "duration",
    value: "TIME",
    minimum: 1,
    maximum: MAX_TIMEOUT_MS,
    describe:
      "give up on a request after TIME: 30s, 5m, 250ms; a bare number is ms (default: the environment's, else 60s)",
  },
  "allow-insecure-http": {
    type: "boolean",
    describe: "allow a plain http:// base URL that is not on this machine",
  },
};

/** The global flags that take a value (so that one before the command keeps its value). */
export const GLOBAL_VALUE_FLAGS = ["--timeout"];

/** Every flag of a command, by name: its own and the operation's, `--body`, `--clear-…`, the globals. */
export function flagsOf(command: Command): Record<string, Flag> {
  const clear: Record<string, Flag> = {};
  for (const [name, flag] of Object.entries(command.flags))
    if (flag.clears && flag.in === "body")
      clear[`clear-${name}`] = {
        type: "boolean",
        describe: `send ${flag.key} as null: ${flag.clears}`,
      };
  const body: Record<string, Flag> = command.jsonBody
    ? {
        body: {
          type: "string",
          value: "JSON",
          describe:
            "the whole request body: JSON, @file.json, or - for stdin (flags override its fields)",
        },
      }
    : {};
  return {
    ...command.flags,
    ...clear,
    ...body,
    ...(command.callsApi ? API_FLAGS : {}),
    ...COMMON_FLAGS,
  };
}

/** The closest of `candidates` to `word`, if one is close enough to be a typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration in ms: `30s`, `5m`, `250ms`, `1h`, or a bare number of ms. */
export function parseDuration(text: string, label: string, flag: Flag): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = match ? Math.round(Number(match[1]) * UNITS[match[2] ?? "ms"]!) : NaN;
  const min = flag.minimum ?? 1;
  const max = flag.maximum ?? MAX_TIMEOUT_MS;
  if (!(ms >= min && ms <= max))
    throw new UsageError(
      `${label} must be a duration such as 30s, 5m or 250ms (a bare number is milliseconds), from ${min}ms to ${max}ms, not ${JSON.stringify(text)}`,
    );
  return ms;
}

/** One value of a flag, converted to its type and checked against its limits. */
function convert(label: string, flag: Flag, text: string): unknown {
  if (flag.type === "duration") return parseDuration(text, label, flag);
  if (flag.type === "integer") {
    const { minimum: min, maximum: max } = flag;
    const value = Number(text);
    const range =
      min !== undefined && max !== undefined
        ? ` from ${min} to ${max}`
        : min !== undefined
          ? ` of at least ${min}`
          : max !== undefined
            ? ` of at most ${max}`
            : "";
    if (
      !/^-?\d+$/.test(text.trim()) ||
      (min !== undefined && value < min) ||
      (max !== undefined && value > max)
    )
      throw new UsageError(`${label} must be a whole number${range}, not ${JSON.stringify(text)}`);
    return value;
  }
  // An operation's flag is judged with the rest of the input (./input-check.mts).
  if (!flag.in && flag.values && !flag.values.includes(text))
    throw new UsageError(
      `${label} must be one of ${flag.values.join(", ")}, not ${JSON.stringify(text)}`,
    );
  return text;
}

/** What a command was given: typed values, arguments by name, and the operation's input. */
export interface Parsed {
  values: Values;
  args: Record<string, string | string[] | undefined>;
  input: Input;
}

/** Where `--body` may be read from besides its own text: `-` (standard input) and `@file`. */
export interface BodySources {
  stdin: () => Promise<string>;
  /** A file's text, by the path the user gave. */
  file: (given: string) => Promise<string>;
}

/** The whole body `--body` gives: JSON text, `@file`, or `-` for stdin. */
async function bodyOf(text: string, sources: BodySources): Promise<Record<string, unknown>> {
  let source = text;
  try {
    if (text === "-") source = await sources.stdin();
    else if (text.startsWith("@")) source = await sources.file(text.slice(1));
  } catch (error) {
    throw new UsageError(`--body ${text}: ${(error as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(source);
  } catch (error) {
    throw new UsageError(`--body is not JSON: ${(error as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new UsageError('--body must be a JSON object, such as {"name": "…"}');
  return body as Record<string, unknown>;
}

/** Parses `argv` (after the command's words) for `command`. */
export async function parseCommand(
  command: Command,
  argv: string[],
  sources: BodySources,
): Promise<Parsed> {
  const flags = flagsOf(command);
  const byAlias = new Map<string, string>();
  const options: ParseArgsConfig["options"] = {};
  for (const [name, flag] of Object.entries(flags)) {
    for (const alias of [name, ...(flag.aliases ?? [])]) {
      byAlias.set(alias, name);
      options[alias] = {
        type: flag.type === "boolean" ? "boolean" : "string",
        multiple: flag.list ?? false,
        ...(flag.short && alias === name ? { short: flag.short } : {}),
      };
    }
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec((error as Error).message);
    const guess = unknown ? closest(unknown[2]!, byAlias.keys()) : undefined;
    throw new UsageError(
      `${(error as Error).message.split(". ")[0]}${guess ? `: did you mean --${guess}?` : ""}`,
    );
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    const name = byAlias.get(token.name) ?? token.name;
    if (flags[name]?.list) continue;
    if (seen.has(name)) throw new UsageError(`--${name} was given more than once`);
    seen.add(name);
  }
  const values: Values = {};
  for (const [given, raw] of Object.entries(parsed.values)) {
    const name = byAlias.get(given)!;
    const flag = flags[name]!;
    const label = `--${given}`;
    if (flag.type === "boolean") values[name] = raw;
    else if (flag.list) {
      const list = (raw as string[]).map((text) => convert(label, flag, text));
      values[name] = [...((values[name] as unknown[] | undefined) ?? []), ...list];
    } else values[name] = convert(label, flag, raw as string);
  }
  // Arguments: the declared ones in order, a list one taking the rest.
  const args: Parsed["args"] = {};
  const positionals = [...parsed.positionals];
  for (const arg of command.arguments) {
    if (arg.list) {
      args[arg.name] = positionals.splice(0);
      if (!arg.optional && (args[arg.name] as string[]).length === 0)
        throw new UsageError(`expects at least one ${arg.name.toUpperCase()}`);
      continue;
    }
    const value = positionals.shift();
    if (value === undefined || value === "") {
      if (arg.optional) continue;
      throw new UsageError(`expects ${arg.name.toUpperCase()}: ${arg.describe}`);
    }
    args[arg.name] = value;
  }
  if (positionals.length > 0) {
    if (!command.trailing)
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const trailing = flags[command.trailing]!;
    values[command.trailing] = [
      ...((values[command.trailing] as unknown[] | undefined) ?? []),
      ...positionals.map((text) => convert(`--${command.trailing}`, trailing, text)),
    ];
  }
  const input = await inputOf(command, values, args, sources);
  await checkInput(command, input, command.fills);
  return { values, args, input };
}

/** The operation's input: path from the arguments, query and body from the flags and `--body`. */
async function inputOf(
  command: Command,
  values: Values,
  args: Parsed["args"],
  sources: BodySources,
): Promise<Input> {
  const input: Input = {
    path: {},
    query: {},
    body: command.jsonBody
      ? typeof values.body === "string"
        ? await bodyOf(values.body, sources)
        : {}
      : undefined,
  };
  for (const arg of command.arguments)
    if (arg.in === "path" && typeof args[arg.name] === "string")
      input.path[arg.name] = args[arg.name] as string;
  for (const [name, flag] of Object.entries(command.flags)) {
    if (!flag.in || !flag.key) continue;
    const target = flag.in === "query" ? input.query : (input.body ??= {});
    const cleared = values[`clear-${name}`] === true;
    if (cleared && values[name] !== undefined)
      throw new UsageError(`--${name} and --clear-${name} say different things: give one`);
    if (cleared) target[flag.key] = null;
    else if (values[name] !== undefined) target[flag.key] = values[name];
  }
  if (
    command.operation &&
    operationTable[command.operation].method === "PATCH" &&
    Object.keys(input.body ?? {}).length === 0
  ) {
    const fields = Object.entries(command.flags)
      .filter(([, flag]) => flag.in === "body")
      .map(([name]) => `--${name}`);
    throw new UsageError(`nothing to change: give at least one of ${fields.join(", ")}`);
  }
  return input;
}
