/**
 * Streamable HTTP on 127.0.0.1 only: a stateless server per request (the SDK's transport without
 * sessions), `Origin` checked against DNS rebinding, and the API key from the request's
 * `Authorization` or, when it brings none, from the environment.
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { SeekrFlow } from "seekrflow-client/node";
import { createServer, type ServerOptions } from "./server.js";

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** Serves MCP at `http://127.0.0.1:port/mcp`; resolves once it listens, with its address. */
export async function serveHttp(
  port: number,
  options: Omit<ServerOptions, "flow">,
  clientOptions: () => ConstructorParameters<typeof SeekrFlow>[0],
  version: string,
): Promise<{ url: string; server: HttpServer }> {
  const http = createHttpServer(async (req, res) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !LOCAL_ORIGIN.test(origin)) {
      res.writeHead(403, { "content-type": "text/plain" }).end("Origin not allowed");
      return;
    }
    if (new URL(req.url ?? "/", "http://127.0.0.1").pathname !== "/mcp") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: the server is at /mcp");
      return;
    }
    const given = req.headers.authorization?.replace(/^Bearer\s+/i, "");
    try {
      const base = clientOptions() ?? {};
      const server = createServer(
        {
          ...options,
          // The key this request brings, else the environment's.
          flow: () => new SeekrFlow({ ...base, apiKey: given || undefined }),
        },
        version,
      );
      // Stateless: no session id, a JSON answer per request.
      const transport = new StreamableHTTPServerTransport({
        enableJsonResponse: true,
      } as ConstructorParameters<typeof StreamableHTTPServerTransport>[0]);
      res.on("close", () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch (error) {
      // Never a rejection left to crash the process: the request gets a 500 with what failed.
      if (!res.headersSent)
        res.writeHead(500, { "content-type": "text/plain" }).end((error as Error).message);
    }
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  const { port: bound } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}/mcp`, server: http };
}
