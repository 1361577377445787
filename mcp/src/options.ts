/**
 * What `seekrflow-mcp`'s arguments ask for: help, the version, or a server with its options.
 * The binary (./bin.ts) prints what this returns or throws; the tests read arguments through
 * it too, so that a server made in a test is set up as the binary sets it up.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { describeVariable, ENVIRONMENT } from "seekrflow-client/node";
import { type ServerOptions, servedTools } from "./server.js";
import { TOOLS } from "./tools.js";

/** Arguments the server cannot start with; the message says which and why. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `seekrflow-mcp --help` for `version`. */
export const help = (
  version: string,
) => `seekrflow-mcp ${version}: SeekrFlow's data jobs API as MCP tools.

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

/** What the arguments ask for. */
export type Invocation =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "serve"; options: Omit<ServerOptions, "flow">; http: number | undefined };

/** A whole number of at least `min` given to `--name`, or undefined when it is not given. */
function wholeNumber(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new UsageError(
      `--${name} must be a whole number of at least ${min}, not ${JSON.stringify(text)}`,
    );
  return Number(text);
}

const MODES = ["tools", "code", "both"] as const;
const isMode = (text: string): text is (typeof MODES)[number] =>
  (MODES as readonly string[]).includes(text);

/** Reads `seekrflow-mcp`'s arguments; throws a UsageError on any it cannot serve with. */
export function readInvocation(args: readonly string[]): Invocation {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
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
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const tools = values.tools
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = tools?.filter((name) => !TOOLS.some((tool) => tool.name === name));
  if (unknown?.length)
    throw new UsageError(
      `no tool ${unknown.join(", ")}; the tools are ${TOOLS.map((t) => t.name).join(", ")}`,
    );
  const mode = values.mode ?? "tools";
  if (!isMode(mode))
    throw new UsageError(`--mode must be tools, code or both, not ${JSON.stringify(mode)}`);
  const roots = (values.root ?? []).map((root) => path.resolve(root));
  for (const root of roots)
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory())
      throw new UsageError(
        `--root ${root} is not a folder that exists: create it, or name another`,
      );
  const cpuSeconds = wholeNumber("code-cpu-seconds", values["code-cpu-seconds"], 1);
  const memoryMb = wholeNumber("code-memory-mb", values["code-memory-mb"], 8);
  const maxCalls = wholeNumber("code-max-calls", values["code-max-calls"], 1);
  const options: Omit<ServerOptions, "flow"> = {
    roots,
    readOnly: values["read-only"] === true,
    tools,
    waitMs: (wholeNumber("wait-seconds", values["wait-seconds"], 1) ?? 50) * 1000,
    pollMs: wholeNumber("poll-ms", values["poll-ms"], 1),
    mode,
    codeLimits: {
      ...(cpuSeconds === undefined ? {} : { cpuMs: cpuSeconds * 1000 }),
      ...(memoryMb === undefined ? {} : { memoryBytes: memoryMb * 2 ** 20 }),
      ...(maxCalls === undefined ? {} : { maxCalls }),
    },
  };
  if (servedTools(options).length === 0)
    throw new UsageError("these options leave no tool to serve");
  return { kind: "serve", options, http: wholeNumber("http", values.http, 0) };
}
