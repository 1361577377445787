#!/usr/bin/env node
/**
 * `seekrflow-mcp`: the SeekrFlow MCP server, over stdio (as desktop and editor clients spawn it)
 * or, with `--http PORT`, Streamable HTTP on 127.0.0.1. The key, base URL and team come from the
 * environment the client reads (`ENVIRONMENT`), as for the `seekrflow` command line.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { describeVariable, ENVIRONMENT, SeekrFlow } from "seekrflow-client/node";
import { serveHttp } from "./http.js";
import { createServer, servedTools } from "./server.js";
import { TOOLS } from "./tools.js";

const { version } = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as { version: string };

const HELP = `seekrflow-mcp ${version}: SeekrFlow's data jobs API as MCP tools.

Usage: seekrflow-mcp [options]

  --root DIR          a folder local files may be read from and written to (repeatable;
                      without it, the roots the client declares; without those, no local
                      file at all: never the working directory)
  --read-only         serve only the tools that change nothing
  --tools a,b         serve only these tools
  --http PORT         serve Streamable HTTP on 127.0.0.1:PORT/mcp instead of stdio
                      (each request's Authorization is its key; without one, the environment's)
  --mode M            tools (default): a tool per operation; code: execute and search_docs,
                      the agent's TypeScript run against the client in a sandbox; both
  --code-cpu-seconds N  the time an execute's code may run (default 10; waits on the API
                      do not count)
  --code-memory-mb N  the sandbox's memory (default 64)
  --code-max-calls N  the API calls one execute may make (default 200)
  --wait-seconds N    the longest one wait_for_data_job call waits (default 50)
  --poll-ms N         the pause between its polls (default: 2 s, backing off to 30 s)
  --version, --help

Environment:
${ENVIRONMENT.filter((v) => v.option !== "logger")
  .map((variable) => `  ${variable.name.padEnd(18)}${describeVariable(variable)}`)
  .join("\n")}
Tools: ${TOOLS.map((t) => t.name).join(", ")}`;

function fail(message: string): never {
  process.stderr.write(`seekrflow-mcp: ${message}\n(see seekrflow-mcp --help)\n`);
  process.exit(2);
}

let values: ReturnType<typeof parse>["values"];
function parse() {
  return parseArgs({
    options: {
      root: { type: "string", multiple: true },
      "read-only": { type: "boolean" },
      tools: { type: "string" },
      http: { type: "string" },
      "wait-seconds": { type: "string" },
      mode: { type: "string" },
      "code-cpu-seconds": { type: "string" },
      "code-memory-mb": { type: "string" },
      "code-max-calls": { type: "string" },
      "poll-ms": { type: "string" },
      version: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}
try {
  ({ values } = parse());
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
if (values.version) {
  process.stdout.write(`${version}\n`);
  process.exit(0);
}
const number = (name: string, text: string | undefined, min: number): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min)
    fail(`--${name} must be a whole number of at least ${min}, not ${JSON.stringify(text)}`);
  return Number(text);
};
const tools = values.tools
  ?.split(",")
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = tools?.filter((name) => !TOOLS.some((tool) => tool.name === name));
if (unknown?.length)
  fail(`no tool ${unknown.join(", ")}; the tools are ${TOOLS.map((t) => t.name).join(", ")}`);
const mode = values.mode ?? "tools";
if (!["tools", "code", "both"].includes(mode))
  fail(`--mode must be tools, code or both, not ${JSON.stringify(mode)}`);
const roots = (values.root ?? []).map((root) => path.resolve(root));
for (const root of roots)
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory())
    fail(`--root ${root} is not a folder that exists: create it, or name another`);
const options = {
  roots,
  readOnly: values["read-only"] === true,
  tools,
  waitMs: (number("wait-seconds", values["wait-seconds"], 1) ?? 50) * 1000,
  pollMs: number("poll-ms", values["poll-ms"], 1),
  mode: mode as "tools" | "code" | "both",
  codeLimits: {
    ...(values["code-cpu-seconds"]
      ? { cpuMs: number("code-cpu-seconds", values["code-cpu-seconds"], 1)! * 1000 }
      : {}),
    ...(values["code-memory-mb"]
      ? { memoryBytes: number("code-memory-mb", values["code-memory-mb"], 8)! * 2 ** 20 }
      : {}),
    ...(values["code-max-calls"]
      ? { maxCalls: number("code-max-calls", values["code-max-calls"], 1)! }
      : {}),
  },
};
if (servedTools(options).length === 0) fail("these options leave no tool to serve");
const clientOptions = () => ({
  env: process.env,
  // stdout is the protocol's: nothing but messages goes there, and no log line at all.
  logger: () => {},
});

if (values.http !== undefined) {
  const port = number("http", values.http, 0)!;
  const { url } = await serveHttp(port, options, clientOptions, version);
  process.stderr.write(`seekrflow-mcp: serving ${url}\n`);
} else {
  let flow: SeekrFlow | undefined;
  const server = createServer(
    { ...options, flow: () => (flow ??= new SeekrFlow(clientOptions())) },
    version,
  );
  await server.connect(new StdioServerTransport());
}
