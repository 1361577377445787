/**
 * The reference for readers that are models (llmstxt.org): `llms.txt`, an index in Markdown, and
 * `llms-full.txt`, the whole reference as Markdown: every operation with its parameters, body,
 * responses (a success's fields expanded from its schema) and samples, from the document; the client, its command line and its MCP server, from
 * the READMEs.
 */
import { eachOperation, parametersOf, resolveRef } from "./document.js";
import type { CodeSample } from "./samples.js";

type Json = Record<string, any>;

const anchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, "")
    .trim()
    .replace(/ +/g, "-");

const resolve = (document: Json, value: Json | undefined): Json =>
  resolveRef(document, value) ?? {};

/** `string, 1–255 characters, one of a, b, nullable`: a schema in a few words. */
function typeOf(document: Json, schema: Json): string {
  const s = resolve(document, schema);
  const variants = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (variants) return variants.map((v) => typeOf(document, v)).join(" or ");
  const type = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  const facts = [
    s.enum ? `one of ${s.enum.join(", ")}` : "",
    s.maxLength !== undefined
      ? `${s.minLength ?? 0}–${s.maxLength} characters`
      : s.minLength !== undefined
        ? `at least ${s.minLength} character${s.minLength === 1 ? "" : "s"}`
        : "",
    s.maximum !== undefined
      ? `${s.minimum ?? "any"} to ${s.maximum}`
      : s.minimum !== undefined
        ? `at least ${s.minimum}`
        : "",
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : "",
    type === "array" && s.items ? `of ${typeOf(document, s.items)}` : "",
  ].filter(Boolean);
  return [type, ...facts].join(", ");
}

const oneLine = (text: string | undefined) => (text ?? "").trim().replace(/\s*\n\s*/g, " ");

/** An object schema's properties and required names, `allOf` merged. */
function propertiesOf(document: Json, schema: Json): { properties: Json; required: string[] } {
  const s = resolve(document, schema);
  const parts = [
    s,
    ...((s.allOf as Json[] | undefined) ?? []).map((p) => propertiesOf(document, p)),
  ];
  return {
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: parts.flatMap((p) => (p.required as string[] | undefined) ?? []),
  };
}

/** The object schema a field holds (itself, or its array's items), if it is one. */
function objectIn(document: Json, schema: Json): Json | undefined {
  const s = resolve(document, schema);
  const types = [s.type].flat();
  const nonNull = ((s.anyOf ?? s.oneOf) as Json[] | undefined)?.find(
    (v) => resolve(document, v).type !== "null",
  );
  if (nonNull) return objectIn(document, nonNull);
  if (types.includes("array")) return s.items ? objectIn(document, s.items) : undefined;
  return s.properties || s.allOf ? s : undefined;
}

/**
 * A response schema's fields as Markdown list lines: `name` (type, nullable, required): what it
 * is; the fields of a nested object or list of objects indented under it, `depth` levels down.
 */
function fieldLines(document: Json, schema: Json, depth = 2, indent = ""): string[] {
  const { properties, required } = propertiesOf(document, schema);
  return Object.entries(properties).flatMap(([name, field]) => {
    const resolved = resolve(document, field as Json);
    const type = typeOf(document, field as Json);
    const nullable = /\bnull\b/.test(type);
    const plain = type.replace(/ or null\b|\bnull or /g, "");
    const facts = [plain, nullable ? "nullable" : "", required.includes(name) ? "required" : ""]
      .filter(Boolean)
      .join(", ");
    const about = oneLine((field as Json).description ?? resolved.description);
    const nested = objectIn(document, field as Json);
    return [
      `${indent}- \`${name}\` (${facts})${about ? `: ${about}` : ""}`,
      ...(nested && depth > 1 ? fieldLines(document, nested, depth - 1, `${indent}  `) : []),
    ];
  });
}

/** Each operation of the document, in its order, with where it is. */
function operationsOf(document: Json): { method: string; path: string; operation: Json }[] {
  return [...eachOperation<Json>(document as { paths: Record<string, unknown> })].map(
    ({ method, template, operation }) => ({
      method: method.toUpperCase(),
      path: template,
      operation,
    }),
  );
}

/** An operation's heading: its summary, else its operationId. */
const titleOf = (operation: Json): string => operation.summary ?? operation.operationId;

/** One operation in Markdown. */
function operationMarkdown(
  document: Json,
  { method, path, operation }: { method: string; path: string; operation: Json },
  samples: CodeSample[],
  item: Json,
): string {
  const parameters = parametersOf(document, item, operation);
  const [media, content] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  const body = resolve(document, (content as Json | undefined)?.schema);
  const fence = (sample: CodeSample) =>
    `${sample.lang} (${sample.label}):\n\n\`\`\`${sample.lang === "TypeScript" ? "ts" : "sh"}\n${sample.source.trimEnd()}\n\`\`\``;
  return [
    `### ${titleOf(operation)}`,
    "",
    `\`${method} ${path}\` (operationId \`${operation.operationId}\`)`,
    "",
    (operation.description ?? "").trim(),
    "",
    ...(parameters.length
      ? [
          "Parameters:",
          "",
          ...parameters.map(
            (p: Json) =>
              `- \`${p.name}\` (${p.in}${p.required ? ", required" : ""}; ${typeOf(document, p.schema)}): ${oneLine(p.description)}`,
          ),
          "",
        ]
      : []),
    ...(media
      ? [
          `Request body (${media}${operation.requestBody?.required ? ", required" : ""}): ${oneLine(body.description)}`,
          "",
          ...Object.entries((body.properties ?? {}) as Json).map(
            ([name, schema]) =>
              `- \`${name}\` (${(body.required ?? []).includes(name) ? "required; " : ""}${typeOf(document, schema)}): ${oneLine(resolve(document, schema).description ?? schema.description)}`,
          ),
          "",
        ]
      : []),
    "Responses:",
    "",
    ...Object.entries(operation.responses as Json).flatMap(([status, response]) => {
      const r = resolve(document, response);
      const schema = r.content?.["application/json"]?.schema;
      const named = schema?.$ref ? ` (\`${schema.$ref.split("/").pop()}\`)` : "";
      const line = `- ${status}: ${oneLine(r.description)}${named}`;
      // A success's fields, expanded; an error's shape is said once, in the description.
      if (!status.startsWith("2") || !schema) return [line];
      const object = objectIn(document, schema);
      const list = resolve(document, schema).type === "array";
      if (!object) return [line];
      return [
        `${line}${list ? ", a list of objects with these fields" : ", with these fields"}:`,
        ...fieldLines(document, object, 3, "  "),
      ];
    }),
    "",
    "Samples:",
    "",
    ...samples.map(fence).flatMap((text) => [text, ""]),
  ].join("\n");
}

/** The sections of a README named `titles` (`## Title` up to the next `## `). */
function sections(readme: string, titles: string[]): string {
  return titles
    .map((title) => {
      const start = readme.indexOf(`\n## ${title}\n`);
      if (start < 0) throw new Error(`the README has no section "${title}"`);
      const end = readme.indexOf("\n## ", start + 4);
      return readme
        .slice(start + 1, end < 0 ? undefined : end)
        .replace(/<!--[^>]*-->\n?/g, "")
        .trim();
    })
    .join("\n\n");
}

const TITLE = (document: Json) => `# ${document.info.title}`;

/** `llms.txt`: the title, a summary, and a link to every section of `llms-full.txt`. */
export function llmsIndex(document: Json): string {
  const operations = operationsOf(document);
  return [
    TITLE(document),
    "",
    `> ${document.info.summary} Upload documents, create a data job, attach the files, wait until it is ready, start it, and download the generated dataset. Typed TypeScript client: \`seekrflow-client\`; command line: \`seekrflow\`; MCP server: \`seekrflow-mcp\`.`,
    "",
    "Authenticate with the bare API key in `Authorization` (no `Bearer `); act for a team with `x-team-id`. Lists page with `limit` and `offset`.",
    "",
    "## Operations",
    "",
    ...operations.map(
      ({ method, path, operation }) =>
        `- [${titleOf(operation)}](llms-full.txt#${anchor(titleOf(operation))}): \`${method} ${path}\``,
    ),
    "",
    "## Client",
    "",
    "- [The TypeScript client](llms-full.txt#use): options, errors, retries and timeouts, waiting, paging, uploads, testing",
    "- [Command line](llms-full.txt#command-line): `seekrflow`, a command for every operation",
    "- [MCP server](llms-full.txt#mcp-server): `seekrflow-mcp`, a tool for every operation",
    "",
    "## Optional",
    "",
    "- [The OpenAPI document](seekrflow.json)",
    "- [Changelog](CHANGELOG.md)",
    "- [HTML reference](index.html)",
    "",
  ].join("\n");
}

/** `llms-full.txt`: every operation, then the client, the command line and the MCP server. */
export function llmsFull(
  document: Json,
  samples: Record<string, CodeSample[]>,
  readme: string,
  mcpReadme: string,
): string {
  return [
    TITLE(document),
    "",
    `> ${document.info.summary}`,
    "",
    (document.info.description as string).trim(),
    "",
    "## Operations",
    "",
    ...operationsOf(document).map((entry) =>
      operationMarkdown(
        document,
        entry,
        samples[entry.operation.operationId] ?? [],
        (document.paths as Json)[entry.path],
      ),
    ),
    sections(readme, ["Use", "Command line", "MCP server"]),
    "",
    "### MCP tools",
    "",
    sections(mcpReadme, ["Tools", "Rules"]).replace(/^## /gm, "#### "),
    "",
  ].join("\n");
}
