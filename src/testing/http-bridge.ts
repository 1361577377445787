/**
 * node:http to the web `Request`/`Response` and back, for the stand-in: CORS for browser origins
 * on this machine, and bodies read no further than the size limit.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { operationsAt } from "../core/find-operation.js";
import { detail } from "./answers.js";
import { BodyTooLarge, methodNotAllowed } from "./routing.js";

/** Methods fetch's `Request` refuses to carry. */
const FETCH_FORBIDDEN_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

/** Whether a browser origin is on this machine (CORS is answered for those only). */
export function isLoopback(origin: string): boolean {
  try {
    const { hostname } = new URL(origin);
    return (
      hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname)
    );
  } catch {
    return false;
  }
}

/** The CORS headers for a browser origin on this machine. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers": "authorization, content-type, x-team-id",
    "access-control-expose-headers": "cf-ray, retry-after, retry-after-ms",
    "access-control-max-age": "600",
    vary: "origin",
  };
}

/** Bridges node:http to the web `Request`/`Response` handler; a body over the limit is not read. */
export async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: Request) => Promise<Response>,
  maxBodyBytes: number,
): Promise<void> {
  try {
    let response: Response;
    if (FETCH_FORBIDDEN_METHODS.has(req.method ?? "")) {
      // fetch's Request cannot carry these methods: answered here, as any unknown method.
      const pathname = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      response = methodNotAllowed(operationsAt(pathname)) ?? detail(404, "Not Found");
    } else {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url}`, {
        method: req.method!,
        headers: req.headers as Record<string, string>,
        ...(hasBody ? { body: limitedBody(req, maxBodyBytes), duplex: "half" } : {}),
      } as RequestInit);
      response = await handle(request);
    }
    const headers = Object.fromEntries(response.headers);
    // A body left unread (413, 401, 405) is not drained: the connection closes after the answer.
    if (!req.complete) headers.connection = "close";
    res.writeHead(response.status, headers);
    if (response.body) for await (const chunk of response.body) res.write(chunk);
    res.end();
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ detail: `stand-in bug: ${(error as Error).message}` }));
    } else res.destroy();
  }
}

/** The request's body as a web stream that errors with BodyTooLarge past `maxBodyBytes`. */
function limitedBody(req: IncomingMessage, maxBodyBytes: number): ReadableStream {
  let seen = 0;
  return Readable.toWeb(
    Readable.from(
      (async function* () {
        for await (const chunk of req) {
          seen += (chunk as Buffer).length;
          if (seen > maxBodyBytes)
            throw new BodyTooLarge(`Request body over ${maxBodyBytes} bytes.`);
          yield chunk as Buffer;
        }
      })(),
    ),
  ) as ReadableStream;
}
