/**
 * The command line's table, read from the document: for each operation its command
 * (`seekrflow <group> <name>`: the group from its tag, the name from its operationId without the
 * group's noun, or `x-seekrflow-command`), its arguments (the path parameters, and the file
 * fields of a form), its flags (one per query parameter and body field, kebab-case, typed and
 * their limits in words for help, described by its descriptions) and an example argv built
 * from the document's examples.
 */
import type { Flag } from "../src/cli/command.mjs";
import {
  commandWords,
  type Document,
  eachOperation,
  inputsOf,
  kebab,
  type Operation,
  type PathItem,
  resolveRef as resolve,
  type Schema,
} from "./document.js";

/** One flag as the table holds it: the command line's `Flag`, always an operation's field. */
type FlagRow = Flag & {
  in: "query" | "body";
  key: string;
  type: "string" | "integer" | "boolean";
  values?: unknown[];
};

/** The schema without its `null` alternative, and whether it had one. */
function nonNull(document: Document, schema: Schema): { schema: Schema; nullable: boolean } {
  const resolved = resolve(document, schema);
  if (Array.isArray(resolved.type) && resolved.type.includes("null")) {
    const rest = resolved.type.filter((t) => t !== "null");
    return { schema: { ...resolved, type: rest.length === 1 ? rest[0]! : rest }, nullable: true };
  }
  const alternatives = resolved.anyOf?.filter((s) => resolve(document, s).type !== "null");
  if (resolved.anyOf && alternatives?.length === 1) {
    const inner = resolve(document, alternatives[0]!);
    return {
      schema: { ...inner, description: resolved.description ?? inner.description ?? "" },
      nullable: alternatives.length < resolved.anyOf.length,
    };
  }
  return { schema: resolved, nullable: false };
}

const firstSentence = (text = ""): string =>
  text
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, " ");

function flagOf(
  document: Document,
  place: FlagRow["in"],
  key: string,
  declared: Schema,
  required: boolean,
  description: string | undefined,
): FlagRow {
  const { schema, nullable } = nonNull(document, declared);
  const list = schema.type === "array";
  const item = list ? nonNull(document, schema.items ?? {}).schema : schema;
  const type = item.type === "integer" || item.type === "boolean" ? item.type : "string";
  const row: FlagRow = {
    in: place,
    key,
    type,
    describe: firstSentence(description ?? declared.description ?? schema.description),
  };
  if (list) row.list = true;
  if (item.enum) row.values = item.enum;
  const clears = declared["x-seekrflow-null"] as string | undefined;
  if (nullable && clears) row.clears = clears;
  if (required) row.required = true;
  const limits = limitsOf(item);
  if (limits) row.limits = limits;
  if (schema.default !== undefined) row.default = schema.default;
  return row;
}

/**
 * A value's limits in words, for help only: the generated validators judge the value itself
 * (the command table carries no bound to check against).
 */
function limitsOf({ minimum, maximum, maxLength }: Schema): string | undefined {
  const words: string[] = [];
  if (minimum !== undefined && maximum !== undefined) words.push(`${minimum} to ${maximum}`);
  else if (minimum !== undefined) words.push(`at least ${minimum}`);
  else if (maximum !== undefined) words.push(`at most ${maximum}`);
  if (maxLength !== undefined) words.push(`at most ${maxLength} characters`);
  return words.length ? words.join("; ") : undefined;
}

/** The argv of an example call: each argument and flag from the document's examples. */
function exampleOf(
  words: string[],
  args: { name: string; example?: unknown }[],
  flags: Record<string, FlagRow>,
  bodyExample: Record<string, unknown> | undefined,
): string[] {
  const argv = [...words];
  for (const arg of args) {
    const value = arg.example ?? bodyExample?.[arg.name];
    if (value === undefined) argv.push(arg.name.toUpperCase());
    else argv.push(...(Array.isArray(value) ? value : [value]).map(String));
  }
  for (const [name, flag] of Object.entries(flags)) {
    const value = flag.in === "body" ? bodyExample?.[flag.key] : undefined;
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) argv.push(`--${name}`, String(one));
  }
  return argv;
}

/** TypeScript source of the command table, by command words. */
export function commandTable(document: Document): string {
  const rows: [string, unknown][] = [];
  for (const at of eachOperation<Operation, PathItem>(document)) {
    const { operation } = at;
    const words = commandWords(operation);
    const { inputs, body } = inputsOf(document, at, kebab);
    const args: {
      name: string;
      in: "path" | "file";
      list?: true;
      describe: string;
      example?: unknown;
    }[] = [];
    const flags: Record<string, FlagRow> = {};
    for (const input of inputs) {
      if (input.in === "path" || input.in === "file")
        args.push({
          name: input.name,
          in: input.in,
          ...(input.in === "file" && resolve(document, input.schema).type === "array"
            ? { list: true as const }
            : {}),
          describe: firstSentence(input.description),
          ...(input.example === undefined ? {} : { example: input.example }),
        });
      else
        flags[kebab(input.name)] = flagOf(
          document,
          input.in,
          input.name,
          input.schema,
          input.required,
          input.description,
        );
    }
    const kind = body?.kind;
    const example = body?.example as Record<string, unknown> | undefined;
    rows.push([
      words.join(" "),
      {
        operation: operation.operationId,
        summary: operation.summary ?? operation.operationId,
        description: (operation.description ?? "").trim(),
        arguments: args.map(({ example: _example, ...arg }) => arg),
        flags,
        body: kind === "multipart/form-data" ? "multipart" : kind ? "json" : "none",
        example: exampleOf(words, args, flags, example),
      },
    ]);
  }
  rows.sort(([a], [b]) => a.localeCompare(b));
  const names = rows.map(([name]) => name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`two operations make the command "${twice}": set x-seekrflow-command`);
  return [
    "/**",
    " * The command of every operation, by its words: the operation, its summary and description,",
    " * its arguments (path parameters, then a form's file fields), its flags (query parameters and",
    " * body fields, typed as the document says, their limits in words for help), its body kind,",
    " * and an example.",
    " */",
    "export const commandTable = {",
    ...rows.map(([name, row]) => `  ${JSON.stringify(name)}: ${JSON.stringify(row)},`),
    "} as const;",
    "",
  ].join("\n");
}
