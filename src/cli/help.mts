/**
 * The help texts, made from the commands themselves: their arguments and flags (the document's
 * types, values, limits and descriptions), their examples, and the exit-code table.
 */
import { describeVariable, ENVIRONMENT } from "../core/config.js";
import type { Command, Flag } from "./command.mjs";
import { COMMANDS } from "./commands.mjs";
import { EXIT_CODE_HELP } from "./exit-codes.mjs";
import { API_FLAGS, COMMON_FLAGS, flagsOf } from "./parse.mjs";
import { shellCommand } from "./output.mjs";

/** A flag's name and value, as usage shows it: `--limit N`. */
const flagUsage = (name: string, flag: Flag): string =>
  `--${name}${flag.type === "boolean" ? "" : ` ${flag.value ?? "VALUE"}`}`;

/** The usage line of a command: its words, arguments, required flags, then `[options]`. */
export function usageOf(command: Command): string {
  const args = command.arguments.map((arg) => {
    const name = `${arg.name.toUpperCase()}${arg.list ? "…" : ""}`;
    return arg.optional ? `[${name}]` : name;
  });
  const required = Object.entries(command.flags)
    .filter(([, flag]) => flag.required)
    .map(([name, flag]) => flagUsage(name, flag));
  return ["seekrflow", command.words, ...args, ...required, "[options]"].join(" ");
}

/** What a flag takes and how it is limited, from the document. */
function flagDetails(flag: Flag): string {
  const details: string[] = [];
  if (flag.values) details.push(`one of ${flag.values.join(", ")}`);
  if (flag.minimum !== undefined && flag.maximum !== undefined && flag.type !== "duration")
    details.push(`${flag.minimum} to ${flag.maximum}`);
  else if (flag.minimum !== undefined && flag.type !== "duration")
    details.push(`at least ${flag.minimum}`);
  if (flag.limits) details.push(flag.limits);
  if (flag.list) details.push("repeatable");
  if (flag.required) details.push("required");
  if (flag.default !== undefined) details.push(`default ${flag.default}`);
  if (flag.aliases?.length) details.push(`also ${flag.aliases.map((a) => `--${a}`).join(", ")}`);
  return details.length ? ` (${details.join("; ")})` : "";
}

function flagLines(flags: Record<string, Flag>): string[] {
  return Object.entries(flags).map(([name, flag]) => {
    const left = `  ${flag.short ? `-${flag.short}, ` : ""}${flagUsage(name, flag)}`;
    return `${left.padEnd(32)} ${flag.describe}${flagDetails(flag)}`;
  });
}

/** The help of one command. */
export function commandHelp(command: Command): string {
  const all = flagsOf(command);
  const own = Object.fromEntries(
    Object.entries(all).filter(([name]) => !(name in COMMON_FLAGS) && !(name in API_FLAGS)),
  );
  const globals = Object.fromEntries(
    Object.entries(all).filter(([name]) => name in COMMON_FLAGS || name in API_FLAGS),
  );
  return [
    command.summary,
    ...(command.description && command.description !== command.summary
      ? ["", command.description]
      : []),
    "",
    `Usage: ${usageOf(command)}`,
    ...(command.arguments.length
      ? [
          "",
          "Arguments:",
          ...command.arguments.map(
            (arg) => `  ${arg.name.toUpperCase().padEnd(30)} ${arg.describe}`,
          ),
        ]
      : []),
    ...(Object.keys(own).length ? ["", "Options:", ...flagLines(own)] : []),
    "",
    "Options of every command (before or after it):",
    ...flagLines(globals),
    ...(command.examples.length
      ? ["", "Examples:", ...command.examples.map((argv) => `  ${shellCommand(argv)}`)]
      : []),
    "",
    EXIT_CODE_HELP,
  ].join("\n");
}

/** The list of commands, all or one group's. */
export function topHelp(group?: string): string {
  const commands = Object.values(COMMANDS).filter(
    (command) => !group || command.words.startsWith(`${group} `),
  );
  const width = Math.max(...commands.map((c) => c.words.length));
  return [
    "seekrflow: turn documents into fine-tuning datasets with SeekrFlow data jobs.",
    "",
    `Usage: seekrflow ${group ?? "<command>"}${group ? " <command>" : ""} [options]`,
    "       seekrflow help <command>     (or add --help to a command)",
    "",
    ...commands.map(
      (command) =>
        `  ${command.words.padEnd(width)}  ${command.summary.split(/[.;:] /)[0]!.replace(/\.$/, "")}`,
    ),
    "",
    "Options of every command: --json, --debug, --help (-h); of those that call the API also",
    "--timeout TIME (30s, 5m, 250ms) and --allow-insecure-http. seekrflow --version prints the version.",
    "Environment:",
    ...ENVIRONMENT.map((variable) => `  ${variable.name.padEnd(18)}${describeVariable(variable)}`),
    "",
    EXIT_CODE_HELP,
    "",
    "Try it with no account: seekrflow demo",
  ].join("\n");
}
