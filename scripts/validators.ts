/**
 * Request validators compiled from the OpenAPI document with ajv's standalone code generator, so
 * that the client rejects a request the document already forbids (empty name, unknown job_type,
 * empty file_ids, limit out of range) before sending it, without re-stating any constraint by hand.
 *
 * Each operation gets one JSON Schema of the shape `{ path, query, body }`, built from its
 * parameters and its request body.
 */
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";

type JsonSchema = Record<string, unknown>;
type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
  $ref?: string;
};
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
};
type PathItem = Record<string, Operation> & { parameters?: Parameter[] };
type Document = {
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, JsonSchema>; parameters?: Record<string, Parameter> };
};

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

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

function objectOf(parameters: Parameter[]): JsonSchema {
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? {}])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

/** One JSON Schema per operationId, covering its path and query parameters and its body. */
export function buildOperationSchemas(document: Document): Record<string, JsonSchema> {
  const resolve = (p: Parameter): Parameter => {
    const name = p.$ref?.replace("#/components/parameters/", "");
    return name ? document.components.parameters![name]! : p;
  };
  const result: Record<string, JsonSchema> = {};
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation?.operationId) continue;
      const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(
        resolve,
      );
      const properties: JsonSchema = {
        path: objectOf(parameters.filter((p) => p.in === "path")),
        query: objectOf(parameters.filter((p) => p.in === "query")),
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
  }
  return result;
}

const UCS2_REQUIRE = /const (\w+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/;

/** Compiles the schemas to one TypeScript module of typed validators. */
export function compileValidators(schemas: Record<string, JsonSchema>): string {
  const ajv = new Ajv2020.default({
    code: { source: true, esm: true, lines: true },
    allErrors: true,
    // Formats (date-time) appear only in responses; requests carry none worth a dependency.
    validateFormats: false,
    strict: true,
  });
  const ids = Object.keys(schemas).sort();
  for (const id of ids) ajv.addSchema(schemas[id]!, id);
  const code = standaloneCode
    .default(ajv, Object.fromEntries(ids.map((id) => [id, id])))
    // ajv's ESM output still `require`s its code-point counter; the server counts characters, not
    // UTF-16 units, so keep the semantics with a dependency-free equivalent.
    .replace(UCS2_REQUIRE, "const $1 = (text) => Array.from(text).length;");
  if (code.includes("require("))
    throw new Error("ajv emitted a require() the ESM output cannot run");
  const typed = code.replace(
    /^export const (\w+) = (validate\d+);$/gm,
    (_, id: string, fn: string) =>
      `/** Validates the request of \`${id}\`: \`{ path, query, body }\`. */\nexport const ${id}: RequestValidator = ${fn};`,
  );
  return [
    "// @ts-nocheck -- ajv's standalone output is plain JavaScript; the exports carry the types.",
    "/** One constraint a request broke, as ajv reports it. */",
    "export interface ValidationIssue {",
    "  instancePath: string;",
    "  keyword: string;",
    "  params: Record<string, unknown>;",
    "  message?: string;",
    "}",
    "/** A compiled validator: true when the request fits the document, else `errors` says why. */",
    "export interface RequestValidator {",
    "  (data: unknown): boolean;",
    "  errors?: ValidationIssue[] | null;",
    "}",
    typed.replace(/^"use strict";\n/, ""),
  ].join("\n");
}
