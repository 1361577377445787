/**
 * `search_docs`: the client's methods, found by words. An entry per operation comes from the
 * generated tool table (the document's summary and description, its facade method from
 * `x-seekrflow-facade`, its inputs, the fields its answer has); the helpers that are no
 * operation (waiting, outputs by data job, paging, many uploads, the generic forms) are said
 * here, once. An answer is the best few entries, each with its call, a short sample and the
 * fields it returns, cut to stay within 1,500 tokens.
 */
import { toolTable } from "../generated/tools.js";

/** One entry of the docs. */
export interface DocEntry {
  /** The call, as written on a client: `flow.dataJobs.create(body, options?)`. */
  call: string;
  /** What it does. */
  summary: string;
  /** Its inputs, `name: type` (required ones marked). */
  inputs: string[];
  /** The fields of what it returns. */
  returns: string[];
  /** A line of code that calls it. */
  sample: string;
}

type Json = Record<string, unknown>;

const typeOf = (schema: Json | undefined): string => {
  if (!schema) return "unknown";
  if (Array.isArray(schema.enum))
    return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  const type = [schema.type ?? (schema.anyOf ? "string" : "unknown")].flat().join(" | ");
  return type === "array" ? `${typeOf(schema.items as Json)}[]` : type;
};

const sampleValue = (name: string, schema: Json): string => {
  if (Array.isArray(schema.enum)) return JSON.stringify(schema.enum[0]);
  if (schema.type === "array") return name === "paths" ? '["handbook.md"]' : '["file-…"]';
  if (schema.type === "integer") return "10";
  if (name.endsWith("_id"))
    return `"${name.startsWith("file") ? "file" : name.startsWith("alignment") ? "al" : "dj"}-…"`;
  return name === "path" ? '"handbook.md"' : '"…"';
};

/** Every entry of the docs: one per operation, then the helpers. */
export function docEntries(): DocEntry[] {
  const found: DocEntry[] = [];
  for (const row of toolTable) {
    if (!("facade" in row)) continue;
    const schema = row.inputSchema as unknown as {
      properties: Record<string, Json>;
      required: string[];
    };
    const owner =
      "sameOutputAs" in row ? toolTable.find((other) => other.name === row.sameOutputAs) : row;
    const output = (owner && "outputSchema" in owner
      ? owner.outputSchema
      : undefined) as unknown as { properties?: Record<string, Json> } | undefined;
    const fields = output?.properties ?? {};
    const listed =
      fields.data && Object.keys(fields).length <= 2
        ? (fields.data.items as Json | undefined)
        : undefined;
    const returned = (listed?.properties ?? fields) as Record<string, Json>;
    const required = schema.required.filter((name) => name in schema.properties);
    const paths = required.filter((name) => row.fields[name as keyof typeof row.fields] === "path");
    const rest = required.filter((name) => !paths.includes(name));
    const body = rest.length
      ? `{ ${rest.map((n) => `${n}: ${sampleValue(n, schema.properties[n]!)}`).join(", ")} }`
      : "";
    const call = `flow.${row.facade}`;
    const method = call.slice(0, call.indexOf("("));
    found.push({
      call,
      summary: row.description.split("\n\n").slice(0, 2).join(" ").replace(/\s+/g, " "),
      inputs: Object.entries(schema.properties).map(
        ([name, field]) => `${name}${required.includes(name) ? "" : "?"}: ${typeOf(field)}`,
      ),
      returns: Object.entries(returned).map(([name, field]) => `${name}: ${typeOf(field)}`),
      sample: row.operation.startsWith("list")
        ? `for await (const item of ${method}(${body})) console.log(item);`
        : `const answer = await ${method}(${[...paths.map((n) => sampleValue(n, schema.properties[n]!)), body].filter(Boolean).join(", ")});`,
    });
  }
  return [...found, ...HELPERS];
}

/** The helpers that are no one operation. */
const HELPERS: DocEntry[] = [
  {
    call: "flow.dataJobs.waitFor(data_job_id, { until?, timeoutMs?, intervalMs? })",
    summary:
      "Waits for a data job to reach a status (by default one it never leaves: completed, failed, cancelled, stopped) and returns the job; rejects with DataJobStateError when the job waits for its owner (needs_review; ready_to_start unless waited for), WaitTimeoutError after timeoutMs.",
    inputs: [
      "data_job_id: string",
      "until?: status | status[]",
      "timeoutMs?: integer",
      "intervalMs?: integer",
    ],
    returns: ["the data job, as flow.dataJobs.get returns it"],
    sample: 'const job = await flow.dataJobs.waitFor("dj-…", { until: "ready_to_start" });',
  },
  {
    call: "flow.dataJobs.outputs(data_job_id, options?)",
    summary:
      "The dataset files of a started data job, from its id (its alignment job is looked up). The output with purpose fine-tune is the dataset; download it with flow.files.download.",
    inputs: ["data_job_id: string"],
    returns: [
      "id: string",
      "filename: string",
      "bytes: integer | null",
      "file_type: string | null",
      "purpose: string | null",
    ],
    sample:
      'const dataset = (await flow.dataJobs.outputs("dj-…")).find((o) => o.purpose === "fine-tune");',
  },
  {
    call: "flow.files.uploadEach(paths, { purpose, concurrency? })",
    summary:
      "Uploads each local file as its own request (4 at a time) and returns one outcome per path, in order: { source, file } or { source, error }; one bad file never loses the others.",
    inputs: [
      "paths: string[] (under the allowed roots)",
      'purpose: "alignment" | …',
      "concurrency?: integer",
    ],
    returns: ["source: string", "file?: the uploaded file", "error?: { name, message }"],
    sample:
      'const outcomes = await flow.files.uploadEach(["a.md", "b.pdf"], { purpose: "alignment" });',
  },
  {
    call: "flow.request(operationId, { path?, query?, body? }, options?)",
    summary:
      "Calls any operation by its operationId, checked and retried as the methods are: the generic form.",
    inputs: ["operationId: string", "path?: object", "query?: object", "body?: object"],
    returns: ["what the operation returns"],
    sample: 'const job = await flow.request("getDataJob", { path: { data_job_id: "dj-…" } });',
  },
  {
    call: "flow.paginate(operationId, query?)",
    summary:
      "Every item of a list operation, page after page (limit and offset), each once: walk it with for await.",
    inputs: ["operationId: string", "query?: object"],
    returns: ["the list's items"],
    sample: 'let n = 0; for await (const job of flow.paginate("listDataJobs")) n++;',
  },
];

const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** An entry as Markdown: the call, what it does (400 characters at most), inputs, 20 fields, the sample. */
export function entryBlock(entry: DocEntry): string {
  return [
    `### ${entry.call}`,
    entry.summary.length > 400 ? `${entry.summary.slice(0, 399)}…` : entry.summary,
    `Inputs: ${entry.inputs.join("; ") || "none"}`,
    `Returns: ${entry.returns.slice(0, 20).join("; ")}${entry.returns.length > 20 ? "; …" : ""}`,
    "```ts",
    entry.sample,
    "```",
  ].join("\n");
}

/** The entries that best match `query`, as Markdown, within `maxChars`. */
export function searchDocs(query: string, maxChars = 4500): { text: string; found: DocEntry[] } {
  const asked = new Set(words(query).filter((word) => word.length > 1));
  const scored = docEntries()
    .map((entry) => {
      // The method's own name, its camelCase split: dataJobs.addFiles is "data jobs add files".
      const name = words(entry.call.split("(")[0]!.replace(/([a-z])([A-Z])/g, "$1 $2"));
      const rest = words(`${entry.summary} ${entry.inputs.join(" ")} ${entry.returns.join(" ")}`);
      let score = 0;
      for (const word of asked) {
        if (name.some((n) => n === word || n.startsWith(word) || word.startsWith(n))) score += 3;
        if (rest.some((n) => n === word || n.startsWith(word))) score += 1;
      }
      return { entry, score };
    })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ entry }) => entry);
  const blocks: string[] = [];
  let size = 0;
  for (const entry of scored) {
    const block = entryBlock(entry);
    if (size + block.length > maxChars) break;
    blocks.push(block);
    size += block.length;
  }
  const text = blocks.length
    ? blocks.join("\n\n")
    : `Nothing matches ${JSON.stringify(query)}. Try words such as: create data job, upload file, wait, outputs, download, list jobs.`;
  return { text, found: scored.slice(0, blocks.length) };
}
