/**
 * Reading the OpenAPI document, one way for every generator: its types (openapi-typescript's),
 * a local `$ref` followed to what it points at, the operations walked in the document's order,
 * the naming rules (command words, tool names), what a file field is, and an operation's inputs
 * flattened into one namespace with its collision check.
 */
import type {
  OpenAPI3,
  OperationObject,
  ParameterObject,
  PathItemObject,
} from "openapi-typescript";
import { HTTP_METHODS } from "../src/core/http.js";

/** `value`, or what its local `$ref` points at, followed to the end. */
export function resolveRef<T>(document: unknown, value: T): T {
  let current: unknown = value;
  while (typeof (current as { $ref?: unknown } | undefined)?.$ref === "string")
    current = (current as { $ref: string }).$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
  return current as T;
}

/** One operation of the document, where it is. */
export interface OperationAt<Operation, Item> {
  /** Its path template, such as `/v1/flow/data-jobs/{data_job_id}`. */
  template: string;
  /** Its method as the document spells it: `get`, `post`, … */
  method: (typeof HTTP_METHODS)[number];
  /** Its path item (for the parameters it shares). */
  item: Item;
  operation: Operation & { operationId: string };
}

/** Every operation with an operationId, in the document's order (paths, then methods). */
export function* eachOperation<
  Operation extends { operationId?: string },
  Item = unknown,
>(document: { paths: Record<string, unknown> }): Generator<OperationAt<Operation, Item>> {
  for (const [template, item] of Object.entries(document.paths))
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation?.operationId)
        yield {
          template,
          method,
          item: item as Item,
          operation: operation as Operation & { operationId: string },
        };
    }
}

/**
 * The document as openapi-typescript types it, with this API's extensions on operations: every
 * generator reads it through these types.
 */
export type Document = Omit<OpenAPI3, "paths"> & { paths: Record<string, PathItem> };
/** A path item: its operations by method, and the parameters they share. */
export type PathItem = Omit<PathItemObject, (typeof HTTP_METHODS)[number]> &
  Partial<Record<(typeof HTTP_METHODS)[number], Operation>>;
/** An operation, with the `x-seekrflow-*` extensions the generators read. */
export type Operation = OperationObject & {
  operationId: string;
  "x-seekrflow-command"?: string;
  "x-seekrflow-tool"?: string;
  "x-seekrflow-facade"?: string;
  "x-seekrflow-retry"?: string;
  "x-seekrflow-destructive"?: boolean;
};
/**
 * A schema as the generators read it. openapi-typescript's `SchemaObject` is a union by `type`
 * (its `items` only on arrays, its bounds only on numbers), made for writing TypeScript; a
 * generator walking any schema reads every keyword, so it reads this flat form of it.
 */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  anyOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
  format?: string;
  contentMediaType?: string;
  example?: unknown;
  [extension: `x-${string}`]: unknown;
};

/** Whether a form field is a file (or a list of files): a binary string. */
export const isFile = (schema: Schema | undefined): boolean =>
  schema?.format === "binary" ||
  schema?.contentMediaType === "application/octet-stream" ||
  (schema?.type === "array" && isFile(schema.items));

/** `dataJobs`, `data_job_id`, `Data jobs` → `data-jobs`, `data-job-id`, `data-jobs`. */
export const kebab = (text: string): string =>
  text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[\s_]+/g, "-")
    .toLowerCase();

/** `getDataJob` → `get_data_job`. */
export const snake = (text: string): string =>
  text.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/** The command words of an operation: its tag as the group, its operationId less the group's noun. */
export function commandWords(operation: Operation): [string, string] {
  const group = kebab(operation.tags?.[0] ?? "other");
  const noun = group.replace(/s$/, "");
  const name =
    operation["x-seekrflow-command"] ??
    kebab(operation.operationId)
      .replace(new RegExp(`(^|-)${noun}s?(?=-|$)`, "g"), "")
      .replace(/^-|-$/g, "");
  return [group, name];
}

/** An operation's MCP tool: `x-seekrflow-tool`, else its operationId in snake_case. */
export const toolName = (operation: Operation): string =>
  operation["x-seekrflow-tool"] ?? snake(operation.operationId);

/** One input of an operation, wherever HTTP carries it. */
export interface OperationInput {
  /** Its name in the document: the parameter's, or the body field's. */
  name: string;
  in: "path" | "query" | "body" | "file";
  /** Its schema as declared (`$ref`s not followed). */
  schema: Schema;
  required: boolean;
  description: string | undefined;
  example: unknown;
}

/**
 * The parameters of an operation, `$ref`s followed: the path item's and its own, one per place
 * and name, its own taking the place of the path item's (as OpenAPI says).
 */
export function parametersOf(
  document: unknown,
  item: { parameters?: unknown[] },
  operation: { parameters?: unknown[] },
): Record<string, any>[] {
  const byPlace = new Map<string, Record<string, any>>();
  for (const declared of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = resolveRef(document, declared) as { in: string; name: string };
    byPlace.set(`${parameter.in} ${parameter.name}`, parameter);
  }
  return [...byPlace.values()];
}

/**
 * Every input of an operation in one namespace, as the command line's flags and the MCP tools'
 * arguments take them: the path parameters in the template's order, the query parameters, then
 * the body's fields (a form's file fields as `file`). Two that `spell` the same (kebab-case for
 * flags, as they are for tools) are an error: the surfaces could not tell them apart.
 */
export function inputsOf(
  document: Document,
  { template, item, operation }: OperationAt<Operation, PathItem>,
  spell: (name: string) => string = (name) => name,
): { inputs: OperationInput[]; body: { kind: string; example: unknown } | undefined } {
  const parameters = parametersOf(document, item, operation) as ParameterObject[];
  const inputs: OperationInput[] = [];
  const parameter = (p: ParameterObject): OperationInput => ({
    name: p.name,
    in: p.in as "path" | "query",
    schema: (p.schema ?? {}) as Schema,
    required: p.required === true,
    description: p.description,
    example: p.example,
  });
  for (const [, name] of template.matchAll(/\{(\w+)\}/g))
    inputs.push(parameter(parameters.find((p) => p.in === "path" && p.name === name)!));
  for (const p of parameters.filter((q) => q.in === "query")) inputs.push(parameter(p));
  const requestBody = resolveRef(document, operation.requestBody) as
    { content?: Record<string, { schema?: Schema; example?: unknown }> } | undefined;
  const [kind, media] = Object.entries(requestBody?.content ?? {})[0] ?? [];
  const schema = media?.schema ? resolveRef(document, media.schema) : undefined;
  for (const [name, property] of Object.entries(schema?.properties ?? {}))
    inputs.push({
      name,
      in:
        kind === "multipart/form-data" && isFile(resolveRef(document, property)) ? "file" : "body",
      schema: property,
      required: schema?.required?.includes(name) ?? false,
      description: property.description,
      example: (media?.example as Record<string, unknown> | undefined)?.[name],
    });
  const seen = new Map<string, string>();
  for (const { name } of inputs) {
    const spelled = spell(name);
    if (seen.has(spelled))
      throw new Error(
        `${operation.operationId}: ${seen.get(spelled)} and ${name} are both "${spelled}"`,
      );
    seen.set(spelled, name);
  }
  return { inputs, body: kind ? { kind, example: media?.example } : undefined };
}
