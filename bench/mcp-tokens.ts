/**
 * What the MCP server costs an agent, in o200k tokens (counts, not timings: stable on any
 * machine): its `tools/list`, the results of the whole workflow (a local document to a downloaded
 * dataset, tool calls only) and the answer about a large job (1,500 ingestion records, 3,000
 * timeline events). The baseline is the server as released in 0.3.0 (`git archive` of its
 * sources at BASELINE, run in this process beside today's), so both are measured in one run.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { SeekrFlow } from "../src/node/index.js";
import { startStandIn } from "../src/testing/index.js";
import { largeJob } from "../test/support/large-job.js";
import { root, table } from "./support.js";

/** The commit whose server is the baseline: release 0.3.0's. */
const BASELINE = "00b2939";

export type CreateServer = (options: Record<string, unknown>, version: string) => Server;
type Call = { name: string; arguments: Record<string, unknown> };

/** A client on a server made by `createServer` (today's, or the baseline's), in this process. */
export async function connect(createServer: CreateServer, options: Record<string, unknown>) {
  const server = createServer({ readOnly: false, tools: undefined, ...options }, "bench");
  const [ours, theirs] = InMemoryTransport.createLinkedPair();
  await server.connect(theirs);
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(ours);
  return client;
}

/** The o200k tokens of `value` as JSON. */
export const tokens = (value: unknown) => countTokens(JSON.stringify(value));

/** Tokens of tools/list, of every result of the workflow, and of the large job's answer. */
async function measure(createServer: CreateServer, dir: string) {
  const standIn = await startStandIn({
    apiKey: "bench",
    clock: { mode: "manual", stepMs: 50 },
    ingestionMs: 20,
    queueMs: 20,
    runMs: 60,
  });
  const flow = () => new SeekrFlow({ apiKey: "bench", baseUrl: standIn.url, logger: () => {} });
  const client = await connect(createServer, { flow, roots: [dir], waitMs: 5000, pollMs: 10 });
  let workflow = 0;
  let calls = 0;
  const call = async ({ name, arguments: args }: Call) => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
    workflow += tokens(result);
    calls++;
    return result.structuredContent as Record<string, any>;
  };
  try {
    const list = tokens((await client.listTools()).tools);
    const file = await call({
      name: "upload_file",
      arguments: { path: "handbook.md", purpose: "alignment" },
    });
    const job = await call({
      name: "create_data_job",
      arguments: { name: "Handbook QA", job_type: "principle_files" },
    });
    await call({
      name: "add_data_job_files",
      arguments: { data_job_id: job.id, file_ids: [file.id] },
    });
    await call({
      name: "wait_for_data_job",
      arguments: { data_job_id: job.id, until: "ready_to_start" },
    });
    await call({ name: "start_data_job", arguments: { data_job_id: job.id } });
    let done;
    do done = await call({ name: "wait_for_data_job", arguments: { data_job_id: job.id } });
    while (!done.reached);
    const outputs = await call({
      name: "list_alignment_outputs",
      arguments: { alignment_job_id: done.job.alignment_job_id },
    });
    const dataset = outputs.data.find((o: { purpose: string }) => o.purpose === "fine-tune");
    await call({
      name: "download_file",
      arguments: { file_id: dataset.id, path: "dataset.parquet" },
    });
    await rm(path.join(dir, "dataset.parquet"));
    await client.close();
    const big = largeJob(1500, 3000);
    const fake = async () => Response.json(big);
    const large = await connect(createServer, {
      flow: () =>
        new SeekrFlow({ apiKey: "bench", fetch: fake, baseUrl: "https://flow.seekr.com" }),
      roots: [dir],
    });
    const answer = tokens(
      await large.callTool({ name: "get_data_job", arguments: { data_job_id: big.id } }),
    );
    await large.close();
    return { list, workflow, calls, answer };
  } finally {
    await standIn.close();
  }
}

/** Runs the benchmark and returns its Markdown section. */
export async function benchMcpTokens(): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-mcp-tokens-"));
  // Inside the repository, so that the baseline's imports resolve as today's do.
  const baseline = path.join(root, "node_modules/.cache/mcp-baseline");
  try {
    await writeFile(path.join(dir, "handbook.md"), "# Leave\nStaff get 25 days of leave.\n");
    await rm(baseline, { recursive: true, force: true });
    await mkdir(baseline, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${BASELINE} mcp/src | tar -x -C ${baseline}`], {
      cwd: root,
    });
    const before = await measure(
      (await import(path.join(baseline, "mcp/src/server.ts"))).createServer,
      dir,
    );
    const after = await measure(
      (await import("../mcp/src/server.js")).createServer as unknown as CreateServer,
      dir,
    );
    const row = (what: string, a: number, b: number) => [what, a, b, (b / a).toFixed(2)];
    return {
      markdown: [
        "### MCP tokens",
        "",
        `o200k tokens (gpt-tokenizer), counted: the server of ${BASELINE} (release 0.3.0) against today's, in one run. Targets: tools/list ≤ 6,000; no answer over 25,000.`,
        "",
        table(
          ["what", "0.3.0", "now", "now ÷ 0.3.0"],
          [
            row("tools/list, every tool", before.list, after.list),
            row(
              `the workflow's results (${after.calls} calls, upload to download)`,
              before.workflow,
              after.workflow,
            ),
            row(
              "get_data_job of a job with 1,500 records and 3,000 events",
              before.answer,
              after.answer,
            ),
          ],
        ),
      ].join("\n"),
      ratios: {
        "MCP tools/list tokens": after.list,
        "MCP large job answer tokens": after.answer,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(baseline, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log((await benchMcpTokens()).markdown);
