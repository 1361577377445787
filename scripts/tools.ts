/**
 * The MCP server's tool table, read from the document: a tool per operation, named by its
 * operationId in snake_case (or `x-seekrflow-tool`), described by its summary and description,
 * its input schema the operation's path, query and body fields at the top level exactly as the
 * document constrains them (`$ref`s resolved), its output schema its success response (a list
 * wrapped as `{ data: [...] }`: MCP takes an object), annotated read-only (GET), destructive
 * (DELETE, or `x-seekrflow-destructive`) and idempotent (retry mode `safe`). A form upload takes
 * local paths instead of its file field; a binary download takes the local path to write.
 */
import { IDEMPOTENT_METHODS } from "../src/core/http.js";
import {
  type Document,
  eachOperation,
  inputsOf,
  type Operation,
  type PathItem,
  resolveRef,
  toolName,
} from "./document.js";

type Json = Record<string, unknown>;

/** `value` with every local `$ref` replaced by what it points at (no cycles in this document). */
function inline(document: Document, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => inline(document, item));
  if (typeof value !== "object" || value === null) return value;
  if ((value as { $ref?: string }).$ref) return inline(document, resolveRef(document, value));
  const out: Json = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === "example" || key === "examples" || key.startsWith("x-")) continue;
    out[key] = inline(document, field);
  }
  return out;
}

/**
 * What an agent needs of a response schema, and no more: each field's name and type (`null`
 * among them where the document allows it), objects merged from `allOf`, arrays with their
 * items; an enum's values named as `examples` (so that a value the document does not list yet is
 * allowed: the server adds them), no `required`, no descriptions (the tool's own description
 * says what it returns) and no closed objects, so that an answer `SeekrFlow` reads is never
 * refused by a host that checks `structuredContent` against the schema.
 */
export function outline(schema: Json): Json {
  const merged = [...((schema.allOf ?? []) as Json[]), schema];
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) {
    const parts = variants.map(outline);
    const types = [...new Set(parts.flatMap((p) => [p.type ?? []].flat() as string[]))];
    const examples = parts.flatMap((p) => (p.examples ?? []) as unknown[]);
    const objects = parts.filter((p) => p.properties);
    if (objects.length === 1) return { ...objects[0], type: types.length > 1 ? types : "object" };
    return {
      ...(types.length ? { type: types.length === 1 ? types[0] : types } : {}),
      ...(examples.length ? { examples: [...new Set(examples)] } : {}),
    };
  }
  const type =
    merged.map((s) => s.type).find((t) => t !== undefined) ??
    (merged.some((s) => s.properties) ? "object" : undefined);
  const out: Json = type === undefined ? {} : { type };
  if (schema.enum) out.examples = schema.enum;
  if (merged.some((s) => s.properties)) {
    const properties: Json = {};
    for (const part of merged)
      for (const [name, field] of Object.entries((part.properties ?? {}) as Record<string, Json>))
        properties[name] = outline(field);
    out.properties = properties;
  }
  if (schema.items) out.items = outline(schema.items as Json);
  return out;
}

/** TypeScript source of the tool table. */
export function toolTable(document: Document): string {
  const tools: Json[] = [];
  for (const at of eachOperation<Operation, PathItem>(document)) {
    const { template, method, operation } = at;
    const upper = method.toUpperCase();
    const properties: Json = {};
    const required: string[] = [];
    const fields: Record<string, "path" | "query" | "body" | "local"> = {};
    const add = (name: string, schema: unknown, place: (typeof fields)[string], need: boolean) => {
      if (fields[name]) throw new Error(`${operation.operationId}: two inputs named ${name}`);
      properties[name] = schema;
      fields[name] = place;
      if (need) required.push(name);
    };
    const { inputs, body } = inputsOf(document, at);
    for (const input of inputs) {
      const schema = inline(document, input.schema) as Json;
      if (input.in === "file") {
        const list = schema.type === "array";
        add(
          list ? "paths" : "path",
          list
            ? {
                type: "array",
                minItems: 1,
                items: { type: "string", minLength: 1 },
                description: "Local paths of the files to upload, under the allowed roots.",
              }
            : {
                type: "string",
                minLength: 1,
                description: "Local path of the file to upload, under the allowed roots.",
              },
          "local",
          true,
        );
      } else
        add(
          input.name,
          input.in === "body" || !input.description
            ? schema
            : { ...schema, description: input.description },
          input.in,
          input.required,
        );
    }
    const kind = body?.kind;
    const [status, success] =
      Object.entries(operation.responses ?? {}).find(([code]) => code.startsWith("2")) ?? [];
    const content =
      (resolveRef(document, success) as { content?: Record<string, { schema?: Json }> } | undefined)
        ?.content ?? {};
    const binary = !("application/json" in content) && Object.keys(content).length > 0;
    if (binary)
      add(
        "path",
        {
          type: "string",
          minLength: 1,
          description:
            "Local path to write the content to, under the allowed roots; an existing file is replaced only with overwrite.",
        },
        "local",
        true,
      );
    if (binary)
      add(
        "overwrite",
        { type: "boolean", default: false, description: "Replace a file already at path." },
        "local",
        false,
      );
    const output = content["application/json"]?.schema
      ? (inline(document, content["application/json"].schema) as Json)
      : undefined;
    const retry =
      operation["x-seekrflow-retry"] ?? (IDEMPOTENT_METHODS.has(upper) ? "safe" : "unsent");
    tools.push({
      name: toolName(operation),
      operation: operation.operationId,
      method: upper,
      path: template,
      ...(operation["x-seekrflow-facade"] ? { facade: operation["x-seekrflow-facade"] } : {}),
      title: operation.summary ?? operation.operationId,
      description: [
        operation.summary ? `${operation.summary}.` : "",
        // A local file is what these tools read or write: say so, not how HTTP carries it.
        kind === "multipart/form-data"
          ? "Reads the local file at each path (under the allowed roots) and uploads it; returns the uploaded file, whose `id` data jobs take."
          : "",
        binary
          ? "Writes the content to a local file at `path` (under the allowed roots; an existing file only with `overwrite`) and returns `{ file_id, path, bytes }`, not the content."
          : (operation.description ?? "").trim(),
      ]
        .filter(Boolean)
        .join("\n\n"),
      inputSchema: { type: "object", properties, required, additionalProperties: false },
      ...(output
        ? {
            // MCP takes an object schema at the top: a list is wrapped, an allOf typed.
            outputSchema:
              output.type === "array"
                ? { type: "object", properties: { data: outline(output) } }
                : { ...outline(output), type: "object" },
          }
        : {}),
      annotations: {
        // A download reads from the API but writes a local file.
        readOnlyHint: upper === "GET" && !binary,
        destructiveHint: upper === "DELETE" || operation["x-seekrflow-destructive"] === true,
        idempotentHint: retry === "safe",
        openWorldHint: true,
      },
      fields,
      ...(status ? { status: Number(status) } : {}),
    });
  }
  tools.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  // An output schema is said once: the read that returns it keeps it, the others point there.
  const owners = new Map<string, string>();
  for (const tool of tools)
    if (tool.outputSchema && (tool.annotations as Json).readOnlyHint)
      owners.set(JSON.stringify(tool.outputSchema), String(tool.name));
  for (const tool of tools) {
    const owner = tool.outputSchema && owners.get(JSON.stringify(tool.outputSchema));
    if (!owner || owner === tool.name) continue;
    delete tool.outputSchema;
    tool.sameOutputAs = owner;
    tool.description = `${String(tool.description)}\n\nReturns what ${owner} returns (its output schema).`;
  }
  return [
    "/**",
    " * A tool per operation of the document: name, description, input schema (path, query and body",
    " * fields at the top level, as the document constrains them), output schema, annotations, and",
    " * where each input goes (`local`: a path on this machine, for uploads and downloads).",
    " */",
    `export const toolTable = ${JSON.stringify(tools)} as const;`,
    "",
  ].join("\n");
}
