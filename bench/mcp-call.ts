/**
 * What the MCP server adds to a call: `get_data_job` called through the SDK's client over stdio
 * (the server spawned, as a desktop client does) against `flow.dataJobs.get` in this process,
 * both against the bench server answering after 20 ms, as a server across a network would.
 */
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { SeekrFlow } from "../src/node/index.js";
import { fixed, root, startBenchServer, table } from "./support.js";

const ID = "dj-00000001-4b7d-4c1a-9e3f-2b8d5a7c0e14";

/** Runs the benchmark (on the built server, mcp/dist) and returns its Markdown section. */
export async function benchMcpCall({ calls = 40, delayMs = 20 } = {}): Promise<{
  markdown: string;
  ratios: Record<string, number>;
}> {
  const server = await startBenchServer(delayMs);
  const flow = new SeekrFlow({ apiKey: "bench", baseUrl: server.url });
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [path.join(root, "mcp/dist/bin.js")],
      env: { PATH: process.env.PATH ?? "", SEEKR_API_KEY: "bench", SEEKR_BASE_URL: server.url },
    }),
  );
  try {
    const times = { direct: [] as number[], mcp: [] as number[] };
    // Warm both paths, then interleave so that the machine's noise falls on both alike.
    await flow.dataJobs.get(ID);
    await client.callTool({ name: "get_data_job", arguments: { data_job_id: ID } });
    for (let i = 0; i < calls; i++) {
      let started = performance.now();
      await flow.dataJobs.get(ID);
      times.direct.push(performance.now() - started);
      started = performance.now();
      const result = await client.callTool({
        name: "get_data_job",
        arguments: { data_job_id: ID },
      });
      times.mcp.push(performance.now() - started);
      if (result.isError) throw new Error(`get_data_job failed: ${JSON.stringify(result.content)}`);
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const direct = median(times.direct);
    const mcp = median(times.mcp);
    return {
      markdown: [
        "### MCP tool call",
        "",
        `Median of ${calls} calls each, interleaved, against a server answering after ${delayMs} ms. Target: within 1.2×.`,
        "",
        table(
          ["what", "median ms", "÷ flow.dataJobs.get"],
          [
            ["flow.dataJobs.get", fixed(direct, 1), "1.00"],
            ["get_data_job over stdio (MCP SDK client)", fixed(mcp, 1), fixed(mcp / direct)],
          ],
        ),
      ].join("\n"),
      ratios: { "MCP get_data_job ÷ flow.dataJobs.get (20 ms away)": mcp / direct },
    };
  } finally {
    await client.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log((await benchMcpCall()).markdown);
