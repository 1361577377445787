/**
 * Request validators compiled from the OpenAPI document with ajv's standalone code generator, so
 * that the client rejects a request the document already forbids (empty name, unknown job_type,
 * empty file_ids, limit out of range) before sending it, without re-stating any constraint by hand.
 *
 * Each operation gets one JSON Schema of the shape `{ path, query, header, body }`, built from its
 * parameters and its request body. Responses get one schema per operation and status, with enums
 * relaxed to their base type: the server adds enum values over time, and a new value is not drift.
 */
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import { eachOperation, resolveRef } from "./document.js";

type JsonSchema = Record<string, unknown>;
type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
  $ref?: string;
};
type Content = Record<string, { schema?: JsonSchema }>;
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Content };
  responses?: Record<string, { $ref?: string; content?: Content }>;
};
type PathItem = Record<string, Operation> & { parameters?: Parameter[] };
type Document = {
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters?: Record<string, Parameter>;
    responses?: Record<string, { content?: Content }>;
  };
};

/** Replaces binary parts (Blobs at run time) with `{}`: ajv checks the other form fields only. */
function withoutBinary(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutBinary);
  if (node === null || typeof node !== "object") return node;
  const schema = node as JsonSchema;
  if (schema.format === "binary" || schema.contentMediaType === "application/octet-stream")
    return {};
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, withoutBinary(value)]),
  );
}

const REF = /"#\/components\/schemas\/([^"]+)"/g;

/** The component schemas `node` refers to, directly or through each other. */
function reachableSchemas(
  node: unknown,
  schemas: Record<string, JsonSchema>,
): Record<string, unknown> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    for (const [, name] of JSON.stringify(value).matchAll(REF)) {
      if (found.has(name!)) continue;
      found.add(name!);
      visit(schemas[name!]);
    }
  };
  visit(node);
  return Object.fromEntries([...found].sort().map((name) => [name, withoutBinary(schemas[name])]));
}

/** Points `#/components/schemas/X` at `#/$defs/X`, where each operation schema carries them. */
function relocateRefs(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node).replace(REF, '"#/$defs/$1"'));
}

function objectOf(parameters: Parameter[], lowerCase = false): JsonSchema {
  const name = (p: Parameter) => (lowerCase ? p.name.toLowerCase() : p.name);
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [name(p), p.schema ?? {}])),
    required: parameters.filter((p) => p.required).map(name),
  };
}

/** The schema without its `enum`s (its `type` alone still applies) and vendor extensions. */
function withoutEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutEnums);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node as JsonSchema)
      .filter(([key]) => key !== "enum" && !key.startsWith("x-"))
      .map(([key, value]) => [key, withoutEnums(value)]),
  );
}

/** The response schemas: one root whose `$defs` are shared, and for each operation and status the def that checks its JSON body. */
export interface ResponseSchemas {
  root: JsonSchema;
  /** operationId → status → name of the def in `root.$defs`. */
  entries: Record<string, Record<string, string>>;
}

/**
 * The schema of every declared JSON response body, with enums relaxed (a value the server adds
 * later is not drift). Bodies that are a component schema share its def; others get
 * `<operationId>_<status>`.
 */
export function buildResponseSchemas(document: Document): ResponseSchemas {
  const defs: Record<string, unknown> = {};
  const entries: Record<string, Record<string, string>> = {};
  for (const { operation } of eachOperation<Operation>(document)) {
    for (const [status, declared] of Object.entries(operation.responses ?? {})) {
      const response = resolveRef(document, declared);
      const schema = response.content?.["application/json"]?.schema;
      if (!schema) continue;
      const named = typeof schema.$ref === "string" ? schema.$ref.split("/").pop()! : undefined;
      const name = named ?? `${operation.operationId}_${status}`;
      if (!named) defs[name] = withoutEnums(schema);
      (entries[operation.operationId] ??= {})[status] = name;
    }
  }
  for (const [name, schema] of Object.entries(document.components.schemas))
    defs[name] = withoutBinary(withoutEnums(schema));
  const sorted = Object.fromEntries(
    Object.keys(defs)
      .sort()
      .map((k) => [k, defs[k]]),
  );
  return { root: relocateRefs({ $id: "responses", $defs: sorted }) as JsonSchema, entries };
}

/** One JSON Schema per operationId, covering its path and query parameters and its body. */
export function buildOperationSchemas(document: Document): Record<string, JsonSchema> {
  const result: Record<string, JsonSchema> = {};
  for (const { item, operation } of eachOperation<Operation, PathItem>(document)) {
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) =>
      resolveRef(document, p),
    );
    const properties: JsonSchema = {
      path: objectOf(parameters.filter((p) => p.in === "path")),
      query: objectOf(parameters.filter((p) => p.in === "query")),
      header: objectOf(
        parameters.filter((p) => p.in === "header"),
        true,
      ),
    };
    const required = ["path"];
    const body = Object.values(operation.requestBody?.content ?? {})[0]?.schema;
    if (body) {
      properties.body = withoutBinary(body);
      if (operation.requestBody?.required) required.push("body");
    }
    result[operation.operationId] = relocateRefs({
      $id: operation.operationId,
      type: "object",
      properties,
      required,
      $defs: reachableSchemas(properties, document.components.schemas),
    }) as JsonSchema;
  }
  return result;
}

const UCS2_REQUIRE = /const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/;

/** Compiles the response schemas: one validator per def a response uses, sharing the rest. */
export function compileResponseValidators({ root, entries }: ResponseSchemas): string {
  const used = [...new Set(Object.values(entries).flatMap((e) => Object.values(e)))].sort();
  const ajv = newAjv();
  ajv.addSchema(root);
  const code = standalone(
    ajv,
    Object.fromEntries(used.map((name) => [name, `responses#/$defs/${name}`])),
    (id) => `a JSON body of \`${id}\``,
  );
  const rows = Object.keys(entries)
    .sort()
    .map((operation) => {
      const statuses = Object.entries(entries[operation]!).map(([s, name]) => `${s}: ${name}`);
      return `  ${operation}: { ${statuses.join(", ")} },`;
    });
  return [
    code,
    "/** The validator of each operation's JSON response bodies, by status. */",
    "export const responseValidators: Record<string, Record<number, RequestValidator>> = {",
    ...rows,
    "};",
    "",
  ].join("\n");
}

/** Compiles the request schemas (one per operationId) to one TypeScript module of typed validators. */
export function compileValidators(schemas: Record<string, JsonSchema>): string {
  const ajv = newAjv();
  const ids = Object.keys(schemas).sort();
  for (const id of ids) ajv.addSchema(schemas[id]!, id);
  const code = standalone(
    ajv,
    Object.fromEntries(ids.map((id) => [id, id])),
    (id) => `the request of \`${id}\`: \`{ path, query, header, body }\``,
  );
  // One record rather than a module read as a namespace: a bundle then needs no namespace object.
  return [
    code.replace(/^export const (\w+): RequestValidator/gm, "const $1: RequestValidator"),
    "/** The validator of each operation's request (`{ path, query, header, body }`), by operationId. */",
    "export const requestValidators = {",
    ...ids.map((id) => `  ${id},`),
    "};",
    "",
  ].join("\n");
}

function newAjv() {
  return new Ajv2020.default({
    code: { source: true, esm: true, lines: true },
    allErrors: true,
    // Formats (date-time) would need a dependency at run time; types and required fields suffice.
    validateFormats: false,
    strict: true,
    // The document's annotations for the command line: no check of their own.
    keywords: ["x-seekrflow-null", "x-seekrflow-file-types"],
    // Responses carry unions such as `type: [integer, number]`.
    allowUnionTypes: true,
  });
}

/**
 * ajv's module without the schema constants no code refers to: it declares one per schema added,
 * and keeps it whether or not a validator reads it (each declaration is one line in its output).
 */
function withoutUnusedSchemas(code: string): string {
  return code.replace(/^const (schema\d+) = .*;\n/gm, (line, name: string) =>
    (code.match(new RegExp(`\\b${name}\\b`, "g"))?.length ?? 0) > 1 ? line : "",
  );
}

/** ajv's standalone module for `exports` (name → schema ref), with a JSDoc and type on each export. */
function standalone(
  ajv: ReturnType<typeof newAjv>,
  exports: Record<string, string>,
  what: (id: string) => string,
): string {
  const code = standaloneCode
    .default(ajv, exports)
    // ajv's ESM output still `require`s its code-point counter; the server counts characters, not
    // UTF-16 units, so keep the semantics with a dependency-free equivalent.
    .replace(UCS2_REQUIRE, "const $1 = (text) => Array.from(text).length;");
  if (code.includes("require("))
    throw new Error("ajv emitted a require() the ESM output cannot run");
  const typed = withoutUnusedSchemas(code).replace(
    /^export const (\w+) = (validate\d+);$/gm,
    (_, id: string, fn: string) =>
      `/** Validates ${what(id)}. */\nexport const ${id}: RequestValidator = ${fn};`,
  );
  return [
    "// @ts-nocheck -- ajv's standalone output is plain JavaScript; the exports carry the types.",
    "/** One constraint a value broke, as ajv reports it. */",
    "export interface ValidationIssue {",
    "  instancePath: string;",
    "  keyword: string;",
    "  params: Record<string, unknown>;",
    "  message?: string;",
    "}",
    "/** A compiled validator: true when the value fits the document, else `errors` says why. */",
    "export interface RequestValidator {",
    "  (data: unknown): boolean;",
    "  errors?: ValidationIssue[] | null;",
    "}",
    typed.replace(/^"use strict";\n/, ""),
  ].join("\n");
}
