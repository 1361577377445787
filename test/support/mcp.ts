/**
 * The MCP server in the test's own process: `createServer` linked to the SDK's `Client` by its
 * `InMemoryTransport`, so that a test (and a mutant) sees every line the server runs.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createServer, type ServerOptions } from "../../mcp/src/server.js";
import { SeekrFlow } from "../../src/node/index.js";

/** A tool result as the tests read it. */
export type Result = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: any;
};

/** The text of a result. */
export const text = (result: Result): string => result.content.map((c) => c.text ?? "").join("\n");

/** A client on the stand-in at `baseUrl` with `key` (or on `fetch`, when given). */
export const flowOn = (baseUrl: string, key: string, fetch?: typeof globalThis.fetch) => () =>
  new SeekrFlow({ apiKey: key, baseUrl, logger: () => {}, ...(fetch ? { fetch } : {}) });

/**
 * A connected SDK client on a server made with `options`; `roots`, when given, are declared by
 * the client. `call` calls a tool and returns its result; `rootsAsked` counts the server's
 * questions for the client's roots.
 */
export async function connectInMemory(
  options: Partial<ServerOptions> & Pick<ServerOptions, "flow">,
  roots?: string[],
) {
  const server = createServer(
    { roots: [], readOnly: false, tools: undefined, waitMs: 5000, pollMs: 10, ...options },
    "test",
  );
  const client = new Client(
    { name: "seekrflow-test", version: "1.0.0" },
    roots ? { capabilities: { roots: { listChanged: true } } } : {},
  );
  let rootsAsked = 0;
  if (roots)
    client.setRequestHandler(ListRootsRequestSchema, async () => {
      rootsAsked++;
      return { roots: roots.map((root) => ({ uri: `file://${root}` })) };
    });
  const [ours, theirs] = InMemoryTransport.createLinkedPair();
  await server.connect(theirs);
  await client.connect(ours);
  const call = async (name: string, args: Record<string, unknown> = {}, options = {}) =>
    (await client.callTool({ name, arguments: args }, undefined, options)) as Result;
  return { client, call, close: () => client.close(), rootsAsked: () => rootsAsked };
}
