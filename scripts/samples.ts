/**
 * A code sample for every operation, made from the document: its examples (path parameters'
 * `example`, the request body's `example`), the run-time operation table (method, path, body and
 * success kinds), the four-name table (src/generated/names.ts: each operation's facade method) and
 * the command line's table. Three per operation, as `x-codeSamples` take them: a whole TypeScript
 * program calling the operation's facade method, the `seekrflow` command, and `curl`.
 */
import { shellCommand, shellQuote } from "../src/cli/output.mjs";
import { commandTable } from "../src/generated/commands.js";
import { nameTable } from "../src/generated/names.js";
import { type OperationId, operationTable } from "../src/generated/operations.js";
import {
  type Document,
  eachOperation,
  inputsOf,
  type Operation,
  type PathItem,
} from "./document.js";
import { format } from "./generate.js";

type Json = Record<string, unknown>;

/** One sample as `x-codeSamples` holds it. */
export interface CodeSample {
  lang: "TypeScript" | "Shell" | "cURL";
  label: string;
  source: string;
}

/** Each operation's example input: path parameters and body, from the document. */
function examplesOf(document: Document): Record<string, { path: Json; body: Json | undefined }> {
  const found: Record<string, { path: Json; body: Json | undefined }> = {};
  for (const at of eachOperation<Operation, PathItem>(document)) {
    const { inputs, body } = inputsOf(document, at);
    const path: Json = {};
    for (const input of inputs) if (input.in === "path") path[input.name] = input.example;
    found[at.operation.operationId] = { path, body: body?.example as Json | undefined };
  }
  return found;
}

const literal = (value: unknown, indent = ""): string =>
  JSON.stringify(value, null, 2)
    .replace(/"([a-z_]\w*)":/g, "$1:")
    .replace(/\n/g, `\n${indent}`);

/** The parameters of a facade signature, split at its top-level commas. */
function parametersOf(signature: string): string[] {
  const inside = signature.slice(signature.indexOf("(") + 1, signature.lastIndexOf(")"));
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of inside) {
    if (c === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    if (c === "{" || c === "[") depth++;
    if (c === "}" || c === "]") depth--;
    current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

const camel = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * The facade call of the four-name table (`flow.dataJobs.addFiles(data_job_id, body, options?)`)
 * with the document's examples for its parameters: ids from the path, the body, a form's files
 * and fields; `options?` and an optional query left out.
 */
function facadeCall(facade: string, path: Json, body: Json | undefined): string {
  const { files, ...fields } = body ?? {};
  const args: string[] = [];
  for (const parameter of parametersOf(facade)) {
    const name = parameter.replace(/\?$/, "");
    if (name === "options" || name === "query") continue;
    if (name === "body") {
      if (body) args.push(literal(body));
      else if (!parameter.endsWith("?")) args.push("{}");
    } else if (name === "path" || name === "paths")
      // A path is what an upload reads, or where a download saves.
      args.push(literal(files ?? "dataset.parquet"));
    else if (name.startsWith("{") && name.includes("...options")) args.push(literal(fields));
    else if (name.startsWith("{")) {
      const keys = name
        .slice(1, -1)
        .split(",")
        .map((k) => k.trim());
      const value = Object.fromEntries(
        keys.map((key) => [key, Object.entries(path).find(([p]) => camel(p) === key)?.[1]]),
      );
      args.push(literal(value));
    } else if (name in path) args.push(literal(path[name]));
    else throw new Error(`${facade}: no example for its parameter ${parameter}`);
  }
  return `${facade.slice(0, facade.indexOf("("))}(${args.join(", ")})`;
}

/** The TypeScript program: the import, the client, the facade call, what it prints. */
function typescript(operation: OperationId, path: Json, body: Json | undefined): string {
  const row = operationTable[operation];
  const call = facadeCall(nameTable[operation].facade, path, body);
  const lines = [
    'import { SeekrFlow } from "seekrflow-client/node";',
    "",
    "// The key from SEEKR_API_KEY; the server from SEEKR_BASE_URL, else https://flow.seekr.com.",
    "const flow = new SeekrFlow();",
  ];
  if ("pageLimit" in row)
    lines.push(
      "// Every page, fetched as the loop goes.",
      `for await (const item of ${call}) console.log(item.id);`,
    );
  else if (row.success === "binary")
    lines.push(
      `const bytes = await ${call};`,
      "console.log(`${bytes} bytes saved to dataset.parquet`);",
    );
  else if (row.success === "none") lines.push(`await ${call};`, 'console.log("done");');
  else lines.push(`const result = await ${call};`, "console.log(result);");
  return `${lines.join("\n")}\n`;
}

/** The `curl` command: method, URL, the key, and the body as JSON or form fields. */
function curl(operation: OperationId, path: Json, body: Json | undefined): string {
  const row = operationTable[operation];
  const url = row.path.replace(/\{(\w+)\}/g, (_, name: string) => String(path[name]));
  const parts = [
    `curl --fail-with-body -sS -X ${row.method} "\${SEEKR_BASE_URL:-https://flow.seekr.com}${url}"`,
    '-H "Authorization: $SEEKR_API_KEY"',
  ];
  if (row.body === "json")
    parts.push(
      '-H "Content-Type: application/json"',
      `-d ${shellQuote(JSON.stringify(body ?? {}))}`,
    );
  if (row.body === "multipart")
    for (const [name, value] of Object.entries(body ?? {}))
      for (const one of Array.isArray(value) ? value : [value])
        parts.push(`-F ${shellQuote(`${name}=${name === "files" ? "@" : ""}${String(one)}`)}`);
  if (row.success === "binary") parts.push("-o dataset.parquet");
  return `${parts.join(" \\\n  ")}\n`;
}

/** Every operation's samples, by operationId (the TypeScript formatted as the project formats code). */
export async function codeSamples(document: Document): Promise<Record<OperationId, CodeSample[]>> {
  const examples = examplesOf(document);
  const commands = Object.values(commandTable);
  const samples = {} as Record<OperationId, CodeSample[]>;
  for (const operation of Object.keys(operationTable) as OperationId[]) {
    const { path, body } = examples[operation] ?? { path: {}, body: undefined };
    const command = commands.find((c) => c.operation === operation);
    if (!command) throw new Error(`${operation} has no command in the command table`);
    samples[operation] = [
      {
        lang: "TypeScript",
        label: "seekrflow-client",
        source: await format(typescript(operation, path, body), "sample.ts"),
      },
      {
        lang: "Shell",
        label: "seekrflow CLI",
        // A download saves where the other two samples do.
        source: `${shellCommand([...command.example, ...(operationTable[operation].success === "binary" ? ["--output", "dataset.parquet"] : [])])}\n`,
      },
      { lang: "cURL", label: "curl", source: curl(operation, path, body) },
    ];
  }
  return samples;
}

/** `document` (bundled, JSON) with every operation's samples in `x-codeSamples`. */
export async function withCodeSamples<T extends Document>(document: T): Promise<T> {
  const samples = await codeSamples(document);
  for (const { operation } of eachOperation<Operation>(document))
    operation["x-codeSamples"] = samples[operation.operationId as OperationId];
  return document;
}
