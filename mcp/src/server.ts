/**
 * The `seekrflow-mcp` server: the tools of ./tools.ts behind the MCP SDK's low-level `Server`
 * (it takes the document's JSON Schemas as they are), with the filters an operator sets
 * (`readOnly`, `tools`) and the roots files may live under.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  RootsListChangedNotificationSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { SeekrFlow } from "seekrflow-client/node";
import { CODE_TOOLS, callCodeTool, DEFAULT_LIMITS } from "./code/tools.js";
import type { SandboxLimits } from "./code/sandbox.js";
import { rootsFromUris } from "./roots.js";
import { callTool, TOOLS } from "./tools.js";
import { failureOf, refusal } from "./results.js";

/** How a server is set up. */
export interface ServerOptions {
  /** The client its tools call through (made per request over HTTP, for the request's key). */
  flow: () => SeekrFlow;
  /** Folders local files may be under; when empty, the roots the MCP client declares, else none: never the working directory. */
  roots: readonly string[];
  /** Serve only the tools annotated read-only. */
  readOnly: boolean;
  /** Serve only these tools. */
  tools: readonly string[] | undefined;
  /** The longest one `wait_for_data_job` call waits, in ms. @default 50000 */
  waitMs?: number;
  /** The pause between polls of `wait_for_data_job`, in ms. */
  pollMs?: number | undefined;
  /**
   * `tools`: a tool per operation; `code`: `execute` and `search_docs` only (the agent writes
   * code against the client, run in a sandbox); `both`. @default "tools"
   */
  mode?: "tools" | "code" | "both" | undefined;
  /** The sandbox's limits in code mode, over DEFAULT_LIMITS. */
  codeLimits?: Partial<SandboxLimits> | undefined;
}

/** The tools an operator allows: all, or the read-only ones, or those named. */
export function servedTools(options: Pick<ServerOptions, "readOnly" | "tools" | "mode">): Tool[] {
  const mode = options.mode ?? "tools";
  // In code mode the filters apply inside execute, by operation, where requests are made.
  const perOperation =
    mode === "code"
      ? []
      : TOOLS.filter(
          (tool) =>
            (!options.readOnly || tool.annotations?.readOnlyHint === true) &&
            (!options.tools || options.tools.includes(tool.name)),
        );
  return mode === "tools" ? perOperation : [...perOperation, ...CODE_TOOLS];
}

/** A new MCP server with the SeekrFlow tools. */
export function createServer(options: ServerOptions, version: string): Server {
  const server = new Server(
    { name: "seekrflow-mcp", version },
    {
      capabilities: { tools: {} },
      instructions:
        "SeekrFlow data jobs turn documents into fine-tuning datasets: upload_file, create_data_job, add_data_job_files, wait_for_data_job until ready_to_start, start_data_job, wait_for_data_job, list_data_job_outputs, download_file. Local files are read and written only under the allowed roots.",
    },
  );
  const served = servedTools(options);
  let clientRoots: string[] | undefined;
  const refreshRoots = async () => {
    if (options.roots.length > 0 || !server.getClientCapabilities()?.roots) return;
    clientRoots = rootsFromUris((await server.listRoots()).roots.map((root) => root.uri));
  };
  // A call waits for the client's roots to be asked for: the first one may come at once.
  let rootsAsked: Promise<void> = Promise.resolve();
  const askRoots = () => (rootsAsked = refreshRoots().catch(() => undefined));
  server.oninitialized = askRoots;
  server.setNotificationHandler(RootsListChangedNotificationSchema, askRoots);
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: served }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args = {} } = request.params;
    if (!served.some((tool) => tool.name === name))
      return refusal(`The tool ${name} is not served here (see tools/list)`);
    await rootsAsked;
    const token = request.params._meta?.progressToken;
    let flow: SeekrFlow;
    try {
      flow = options.flow();
    } catch (error) {
      return failureOf(error); // a missing or malformed key, named without the key
    }
    if (CODE_TOOLS.some((tool) => tool.name === name))
      return callCodeTool(name, args, {
        flow,
        roots: options.roots.length > 0 ? options.roots : (clientRoots ?? []),
        readOnly: options.readOnly,
        tools: options.tools,
        signal: extra.signal,
        limits: { ...DEFAULT_LIMITS, ...options.codeLimits },
      });
    return callTool(name, args, {
      flow,
      roots: options.roots.length > 0 ? options.roots : (clientRoots ?? []),
      signal: extra.signal,
      waitMs: options.waitMs ?? 50_000,
      pollMs: options.pollMs,
      progress: async (percent, message) => {
        if (token === undefined) return;
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken: token, progress: percent, total: 100, message },
        });
      },
    });
  });
  return server;
}
