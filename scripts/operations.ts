/**
 * The facts the request path needs at run time, read from the document so that no handwritten
 * code restates them: the default server, the key and team headers, and for each operationId its
 * method, path template, request body kind, success body kind, retry mode (from the
 * method, or `x-seekrflow-retry`), how to check an unanswered call (`x-seekrflow-retry-check`) and
 * which error statuses carry Retry-After; plus the job statuses the enums mark as terminal
 * (`x-seekrflow-terminal`) or waiting for the user (`x-seekrflow-needs-user`).
 */
import { IDEMPOTENT_METHODS } from "../src/core/http.js";
import {
  type Schema as DocumentSchema,
  eachOperation,
  isFile,
  resolveRef as resolve,
} from "./document.js";

type Ref = { $ref?: string };
type Content = Record<string, { schema?: unknown }>;
type Response = Ref & { content?: Content; headers?: Record<string, unknown> };
type Parameter = Ref & { name?: string; in?: string; schema?: { default?: unknown } };
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Content };
  responses?: Record<string, Response>;
  "x-seekrflow-retry"?: "safe" | "unsent";
  "x-seekrflow-retry-check"?: string;
};
type Schema = {
  enum?: string[];
  "x-seekrflow-terminal"?: string[];
  /** Purpose → the file name extensions ingested for it. */
  "x-seekrflow-file-types"?: Record<string, string[]>;
  /** Status → what the job's owner does next. */
  "x-seekrflow-needs-user"?: Record<string, string>;
};
type Document = {
  info: { version: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    responses?: Record<string, Response>;
    parameters?: Record<string, Parameter>;
    securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
  };
};

/** What a success carries: JSON, bytes, or nothing. */
function successOf(operation: Operation): "json" | "binary" | "none" {
  const code = Object.keys(operation.responses ?? {}).find((status) => status.startsWith("2"));
  if (!code) throw new Error(`${operation.operationId} declares no 2xx response`);
  const content = operation.responses?.[code]?.content;
  return !content ? "none" : "application/json" in content ? "json" : "binary";
}

function requestBody(operation: Operation): "json" | "multipart" | "none" {
  const content = operation.requestBody?.content ?? {};
  if ("multipart/form-data" in content) return "multipart";
  return "application/json" in content ? "json" : "none";
}

/** The multipart fields that carry files (./document.ts `isFile`), and whether each is a list. */
function fileFields(document: Document, operation: Operation): { name: string; list: boolean }[] {
  const schema = operation.requestBody?.content?.["multipart/form-data"]?.schema as
    DocumentSchema | undefined;
  if (!schema) return [];
  return Object.entries(resolve(document, schema).properties ?? {})
    .filter(([, p]) => isFile(resolve(document, p)))
    .map(([name, p]) => ({ name, list: resolve(document, p).type === "array" }));
}

/** The defaults the document gives query parameters, by name. */
function queryDefaults(document: Document, operation: Operation): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const parameter of (operation.parameters ?? []).map((p) => resolve(document, p))) {
    if (parameter.in === "query" && parameter.name && parameter.schema?.default !== undefined)
      defaults[parameter.name] = parameter.schema.default;
  }
  return defaults;
}

/** The error statuses whose response declares a `retry-after` header. */
function retryAfterStatuses(document: Document, operation: Operation): number[] {
  return Object.entries(operation.responses ?? {})
    .filter(([, response]) => "retry-after" in (resolve(document, response).headers ?? {}))
    .map(([status]) => Number(status))
    .sort((a, b) => a - b);
}

function terminalStatuses(document: Document): string[] {
  return Object.values(document.components.schemas).flatMap(
    (schema) => schema["x-seekrflow-terminal"] ?? [],
  );
}

/** Each status that waits for the job's owner, with the owner's next step. */
function needsUser(document: Document): Record<string, string> {
  return Object.assign(
    {},
    ...Object.values(document.components.schemas).map((s) => s["x-seekrflow-needs-user"] ?? {}),
  );
}

/** The page sizes of a list operation: the `limit` query parameter's default and maximum. */
function pageLimit(
  document: Document,
  operation: Operation,
): { default: number; maximum: number } | undefined {
  const limit = (operation.parameters ?? [])
    .map((p) => resolve(document, p))
    .find((p) => p.in === "query" && p.name === "limit");
  const schema = limit?.schema as { default?: number; maximum?: number } | undefined;
  if (!schema) return undefined;
  if (schema.default === undefined || schema.maximum === undefined)
    throw new Error(`${operation.operationId}: a limit needs a default and a maximum`);
  return { default: schema.default, maximum: schema.maximum };
}

/** TypeScript source of the run-time table, sorted by operationId. */
export function operationTable(document: Document): string {
  const rows: string[] = [];
  for (const { template, method, operation } of eachOperation<Operation>(document)) {
    const upper = method.toUpperCase();
    const retry =
      operation["x-seekrflow-retry"] ?? (IDEMPOTENT_METHODS.has(upper) ? "safe" : "unsent");
    const check = operation["x-seekrflow-retry-check"];
    const row = {
      method: upper,
      path: template,
      body: requestBody(operation),
      success: successOf(operation),
      retry,
      ...(check ? { retryCheck: check } : {}),
      retryAfterStatuses: retryAfterStatuses(document, operation),
      ...(pageLimit(document, operation) ? { pageLimit: pageLimit(document, operation) } : {}),
    };
    rows.push(`  ${operation.operationId}: ${JSON.stringify(row)},`);
  }
  rows.sort();
  const [key] = Object.values(document.components.securitySchemes).filter(
    (scheme) => scheme.type === "apiKey" && scheme.in === "header",
  );
  const team = Object.values(document.components.parameters ?? {}).find(
    (parameter) => parameter.in === "header" && /team/i.test(parameter.name ?? ""),
  );
  if (!key?.name || !team?.name || !document.servers?.[0])
    throw new Error("the document needs a server, an apiKey header scheme and a team header");
  const statuses = [
    ...new Set(
      ["DataJobStatus", "AlignmentJobStatus"].flatMap(
        (name) => document.components.schemas[name]?.enum ?? [],
      ),
    ),
  ];
  return [
    "/** The API's fixed facts: the document's version, its server, the key's and the team's headers. */",
    `export const api = ${JSON.stringify({
      documentVersion: document.info.version,
      defaultBaseUrl: document.servers[0].url,
      keyHeader: key.name.toLowerCase(),
      teamHeader: team.name.toLowerCase(),
    })} as const;`,
    "",
    "/**",
    " * Every operation of the document: method, path template, request body kind, what a success",
    " * carries, retry mode, how to check an unanswered call, the statuses with Retry-After and the",
    " * page sizes of a list.",
    " */",
    "export const operationTable = {",
    ...rows,
    "} as const;",
    "",
    "/** The operationId of every operation in the document. */",
    "export type OperationId = keyof typeof operationTable;",
    "",
    "/** The values of each enum schema, by schema name (the server may add more). */",
    `export const enums = ${JSON.stringify(
      Object.fromEntries(
        Object.entries(document.components.schemas)
          .filter(([, schema]) => schema.enum)
          .map(([name, schema]) => [name, schema.enum])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      ),
    )} as const;`,
    "",
    "/** Every data job status the document knows (the server may add more). */",
    `export const jobStatuses = ${JSON.stringify(statuses)} as const;`,
    "",
    "/** Statuses a job never leaves by itself (`x-seekrflow-terminal`). */",
    `export const terminalStatuses = ${JSON.stringify(terminalStatuses(document))} as const;`,
    "",
    "/** Statuses that wait for the job's owner, with the owner's next step (`x-seekrflow-needs-user`). */",
    `export const needsUserSteps = ${JSON.stringify(needsUser(document))} as const;`,
    "",
    "/** The file name extensions ingested for each file purpose (`x-seekrflow-file-types`). */",
    `export const purposeFileTypes = ${JSON.stringify(
      document.components.schemas.FilePurpose?.["x-seekrflow-file-types"] ?? {},
    )} as const;`,
    "",
  ].join("\n");
}

/**
 * TypeScript source of the table only the stand-in reads (src/testing/ imports it; the client
 * never loads it): each operation's query defaults and the multipart fields that carry files.
 */
export function standInTable(document: Document): string {
  const rows: string[] = [];
  for (const { operation } of eachOperation<Operation>(document)) {
    const row = {
      queryDefaults: queryDefaults(document, operation),
      fileFields: fileFields(document, operation),
    };
    rows.push(`  ${operation.operationId}: ${JSON.stringify(row)},`);
  }
  rows.sort();
  return [
    "/** For the stand-in only: each operation's query defaults and its multipart file fields. */",
    "export const standInOperations = {",
    ...rows,
    "} as const;",
    "",
  ].join("\n");
}
