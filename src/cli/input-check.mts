/**
 * The one check of what a command sends: its input goes through the operation's validator, the
 * one generated from the document that every facade call passes, before anything is sent, and
 * each broken rule is told by the flag or argument that set it (`--name must be at most 255
 * characters long`). The command line converts words to values; it judges none itself.
 */
import { InvalidRequestError } from "../core/errors.js";
import { assertValidRequest } from "../core/validate.js";
import type { Command, Input } from "./command.mjs";
import { UsageError } from "./exit-codes.mjs";

/**
 * Refuses `input` with a `UsageError` naming each flag whose value breaks the document; a field
 * in `later` (one the command fills in itself, such as the ids of files it uploads) may be
 * missing yet.
 */
export async function checkInput(
  command: Command,
  input: Input,
  later: readonly string[] = [],
): Promise<void> {
  if (!command.operation) return;
  try {
    await assertValidRequest(command.operation, input);
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    const problems = error.fields
      .filter(({ field, rule }) => !(rule === "required" && later.includes(keyOf(field))))
      .map(({ field, rule, message }) => {
        const flag = flagOf(command, field);
        if (rule === "required" && flag)
          return `${flag.label} is required${command.jsonBody && field.startsWith("body.") ? " (or give it in --body)" : ""}: ${flag.describe}`;
        // The value given, where a flag's rule lists what it takes.
        const given = rule === "enum" ? valueAt(input, field) : undefined;
        return `${flag?.label ?? labelOf(command, field)} ${message}${given === undefined ? "" : `, not ${JSON.stringify(given)}`}`;
      });
    if (problems.length) throw new UsageError(problems.join("; "));
  }
}

/** The value at `field` (`body.job_type`) of `input`. */
function valueAt(input: Input, field: string): unknown {
  return field
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], input);
}

/** The body, query or path key a field is in: `name` for `body.name`, `file_ids` for `body.file_ids.0`. */
function keyOf(field: string): string {
  return field.split(".")[1] ?? field;
}

/** The flag that set `field`, as `--flag` (with the item, for one value of a list). */
function flagOf(command: Command, field: string): { label: string; describe: string } | undefined {
  const [place, key, ...rest] = field.split(".");
  for (const [name, flag] of Object.entries(command.flags))
    if (flag.in === place && flag.key === key)
      return {
        label: `--${name}${rest.length ? ` (value ${rest.map((p) => (/^\d+$/.test(p) ? Number(p) + 1 : p)).join(".")})` : ""}`,
        describe: flag.describe,
      };
  return undefined;
}

/** A field no flag sets: an argument (`DATA_JOB_ID`), a field of `--body`, or the field itself. */
function labelOf(command: Command, field: string): string {
  const [place, ...rest] = field.split(".");
  if (place === "path") return (rest[0] ?? field).toUpperCase();
  if (place === "body" && command.jsonBody && rest.length) return `--body's ${rest.join(".")}`;
  return field;
}
