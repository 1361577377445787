/**
 * Code mode against tools mode, in one run: the tokens of `tools/list` in each, and the tokens
 * and tool calls of the demo workflow (a local document to a downloaded dataset) done with one
 * `execute` against done tool by tool; and the time an `execute` adds over the same client calls
 * made directly, against the bench server answering after 20 ms. Counts are o200k tokens.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer, type ServerOptions } from "../mcp/src/server.js";
import { SeekrFlow } from "../src/node/index.js";
import { startStandIn } from "../src/testing/index.js";
import { connect as connectTo, type CreateServer, tokens } from "./mcp-tokens.js";
import { fixed, startBenchServer, table } from "./support.js";

const ID = "dj-00000001-4b7d-4c1a-9e3f-2b8d5a7c0e14";

const connect = (options: Omit<ServerOptions, "readOnly" | "tools">) =>
  connectTo(createServer as unknown as CreateServer, options as Record<string, unknown>);

const WORKFLOW = `
const file = await flow.files.upload("handbook.md", { purpose: "alignment" });
const job = await flow.dataJobs.create({ name: "Handbook QA", job_type: "principle_files" });
await flow.dataJobs.addFiles(job.id, { file_ids: [file.id] });
await flow.dataJobs.waitFor(job.id, { until: "ready_to_start", intervalMs: 10 });
await flow.dataJobs.start(job.id);
const done = await flow.dataJobs.waitFor(job.id, { intervalMs: 10 });
const dataset = (await flow.dataJobs.outputs(job.id)).find((o) => o.purpose === "fine-tune");
return { status: done.status, saved: await flow.files.download(dataset.id, "dataset.parquet") };`;

/** Tokens (list, then every request and result) and calls of the workflow in `mode`. */
async function workflow(mode: "tools" | "code", dir: string) {
  const standIn = await startStandIn({
    apiKey: "bench",
    clock: { mode: "manual", stepMs: 50 },
    ingestionMs: 20,
    queueMs: 20,
    runMs: 60,
  });
  const client = await connect({
    flow: () => new SeekrFlow({ apiKey: "bench", baseUrl: standIn.url, logger: () => {} }),
    roots: [dir],
    mode,
    waitMs: 5000,
    pollMs: 10,
  });
  let spent = 0;
  let calls = 0;
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
    spent += tokens({ name, arguments: args }) + tokens(result);
    calls++;
    return result.structuredContent as Record<string, any>;
  };
  try {
    const list = tokens((await client.listTools()).tools);
    if (mode === "code") await call("execute", { code: WORKFLOW });
    else {
      const file = await call("upload_file", { path: "handbook.md", purpose: "alignment" });
      const job = await call("create_data_job", {
        name: "Handbook QA",
        job_type: "principle_files",
      });
      await call("add_data_job_files", { data_job_id: job.id, file_ids: [file.id] });
      await call("wait_for_data_job", { data_job_id: job.id, until: "ready_to_start" });
      await call("start_data_job", { data_job_id: job.id });
      while (!(await call("wait_for_data_job", { data_job_id: job.id })).reached);
      const outputs = await call("list_data_job_outputs", { data_job_id: job.id });
      await call("download_file", { file_id: outputs.dataset.id, path: "dataset.parquet" });
    }
    await rm(path.join(dir, "dataset.parquet"));
    return { list, spent: spent + list, calls };
  } finally {
    await client.close();
    await standIn.close();
  }
}

/** Runs the benchmark and returns its Markdown section. */
export async function benchMcpCode({ rounds = 15, gets = 5, delayMs = 20 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), "seekrflow-mcp-code-"));
  await writeFile(path.join(dir, "handbook.md"), "# Leave\nStaff get 25 days of leave.\n");
  const server = await startBenchServer(delayMs);
  try {
    const tools = await workflow("tools", dir);
    const code = await workflow("code", dir);
    const flow = new SeekrFlow({ apiKey: "bench", baseUrl: server.url });
    const client = await connect({ flow: () => flow, roots: [], mode: "code" });
    const body = `for (let i = 0; i < ${gets}; i++) await flow.dataJobs.get("${ID}"); return 1;`;
    const times = { direct: [] as number[], execute: [] as number[] };
    await client.callTool({ name: "execute", arguments: { code: body } });
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      for (let i = 0; i < gets; i++) await flow.dataJobs.get(ID);
      times.direct.push(performance.now() - started);
      started = performance.now();
      const result = await client.callTool({ name: "execute", arguments: { code: body } });
      times.execute.push(performance.now() - started);
      if (result.isError) throw new Error(JSON.stringify(result.content));
    }
    await client.close();
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const direct = median(times.direct);
    const execute = median(times.execute);
    return {
      markdown: [
        "### MCP code mode",
        "",
        `o200k tokens of tools/list, and of the demo workflow (every call's arguments and result, tools/list included), in one run; then ${gets} \`flow.dataJobs.get\` calls made in one \`execute\` against the same calls made directly, median of ${rounds} interleaved rounds, against a server answering after ${delayMs} ms. Target: tools/list in code mode ≤ 1,500 tokens.`,
        "",
        table(
          ["what", "tools mode", "code mode", "code ÷ tools"],
          [
            ["tools/list tokens", tools.list, code.list, fixed(code.list / tools.list)],
            ["workflow tokens", tools.spent, code.spent, fixed(code.spent / tools.spent)],
            ["workflow tool calls", tools.calls, code.calls, fixed(code.calls / tools.calls)],
          ],
        ),
        "",
        table(
          ["what", "median ms", "÷ direct"],
          [
            [`${gets} gets, direct`, fixed(direct, 1), "1.00"],
            [`${gets} gets in one execute`, fixed(execute, 1), fixed(execute / direct)],
          ],
        ),
      ].join("\n"),
      ratios: {
        "MCP code mode tools/list tokens": code.list,
        "MCP execute ÷ direct calls (20 ms away)": execute / direct,
      },
    };
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log((await benchMcpCode()).markdown);
