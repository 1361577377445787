/**
 * The command line's table, read from the document: for each operation its command
 * (`seekrflow <group> <name>`: the group from its tag, the name from its operationId without the
 * group's noun, or `x-seekrflow-command`), its arguments (the path parameters, and the file
 * fields of a form), its flags (one per query parameter and body field, kebab-case, typed and
 * their limits in words for help, described by its descriptions) and an example argv built
 * from the document's examples.
 */
import type { Flag } from "../src/cli/command.mjs";
import { eachOperation, resolveRef as resolve } from "./document.js";

type Ref = { $ref?: string };
type Schema = Ref & {
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  anyOf?: Schema[];
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
  format?: string;
  contentMediaType?: string;
  properties?: Record<string, Schema>;
  "x-seekrflow-null"?: string;
  required?: string[];
};
type Parameter = Ref & {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
  example?: unknown;
};
type Operation = {
  operationId: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: {
    required?: boolean;
    content?: Record<string, { schema?: Schema; example?: unknown }>;
  };
  "x-seekrflow-command"?: string;
};
type PathItem = Record<string, Operation> & { parameters?: Parameter[] };
type Document = { paths: Record<string, PathItem> };

/** One flag as the table holds it: the command line's `Flag`, always an operation's field. */
type FlagRow = Flag & {
  in: "query" | "body";
  key: string;
  type: "string" | "integer" | "boolean";
  values?: unknown[];
};

const kebab = (text: string): string =>
  text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[\s_]+/g, "-")
    .toLowerCase();

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
  const clears = declared["x-seekrflow-null"];
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

const isFile = (schema: Schema | undefined): boolean =>
  schema?.format === "binary" ||
  schema?.contentMediaType === "application/octet-stream" ||
  (schema?.type === "array" && isFile(schema.items));

/** The command words of an operation: its tag as the group, its operationId less the group's noun. */
export function wordsOf(operation: Operation): [string, string] {
  const group = kebab(operation.tags?.[0] ?? "other");
  const noun = group.replace(/s$/, "");
  const name =
    operation["x-seekrflow-command"] ??
    kebab(operation.operationId)
      .replace(new RegExp(`(^|-)${noun}s?(?=-|$)`, "g"), "")
      .replace(/^-|-$/g, "");
  return [group, name];
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
  for (const { template, item, operation } of eachOperation<Operation, PathItem>(document)) {
    const words = wordsOf(operation);
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
      resolve(document, p),
    );
    const pathOrder = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const args: {
      name: string;
      in: "path" | "file";
      list?: true;
      describe: string;
      example?: unknown;
    }[] = pathOrder.map((name) => {
      const p = parameters.find((q) => q.in === "path" && q.name === name)!;
      return {
        name,
        in: "path" as const,
        describe: firstSentence(p.description),
        ...(p.example === undefined ? {} : { example: p.example }),
      };
    });
    const flags: Record<string, FlagRow> = {};
    for (const p of parameters.filter((q) => q.in === "query"))
      flags[kebab(p.name)] = flagOf(
        document,
        "query",
        p.name,
        p.schema ?? {},
        p.required === true,
        p.description,
      );
    const [kind, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
    const schema = media?.schema ? resolve(document, media.schema) : undefined;
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
      const required = schema?.required?.includes(key) ?? false;
      if (isFile(property)) {
        args.push({
          name: key,
          in: "file",
          ...(resolve(document, property).type === "array" ? { list: true as const } : {}),
          describe: firstSentence(property.description),
        });
        continue;
      }
      const name = kebab(key);
      if (flags[name]) throw new Error(`${operation.operationId}: two fields make --${name}`);
      flags[name] = flagOf(document, "body", key, property, required, property.description);
    }
    const example = media?.example as Record<string, unknown> | undefined;
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
