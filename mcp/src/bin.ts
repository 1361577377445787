#!/usr/bin/env node
/**
 * `seekrflow-mcp`: the SeekrFlow MCP server, over stdio (as desktop and editor clients spawn it)
 * or, with `--http PORT`, Streamable HTTP on 127.0.0.1. The key, base URL and team come from the
 * environment the client reads (`ENVIRONMENT`), as for the `seekrflow` command line.
 */
import { readFileSync } from "node:fs";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { SeekrFlow } from "seekrflow-client/node";
import { serveHttp } from "./http.js";
import { help, type Invocation, readInvocation, UsageError } from "./options.js";
import { createServer } from "./server.js";

const { version } = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as { version: string };

let invocation: Invocation;
try {
  invocation = readInvocation(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`seekrflow-mcp: ${error.message}\n(see seekrflow-mcp --help)\n`);
  process.exit(2);
}
if (invocation.kind !== "serve") {
  process.stdout.write(`${invocation.kind === "help" ? help(version) : version}\n`);
  process.exit(0);
}
const { options, http } = invocation;
const clientOptions = () => ({
  env: process.env,
  // stdout is the protocol's: nothing but messages goes there, and no log line at all.
  logger: () => {},
});

if (http !== undefined) {
  const { url } = await serveHttp(http, options, clientOptions, version);
  process.stderr.write(`seekrflow-mcp: serving ${url}\n`);
} else {
  let flow: SeekrFlow | undefined;
  const server = createServer(
    { ...options, flow: () => (flow ??= new SeekrFlow(clientOptions())) },
    version,
  );
  await server.connect(new StdioServerTransport());
}
