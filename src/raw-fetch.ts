/**
 * The `fetch` of `flow.raw`: openapi-fetch hands it each call's parts, it sends them through the
 * transport and answers with a Response read in full (a download's streams).
 */
import { bufferedResponse } from "./buffered-response.js";
import { ConfigurationError } from "./errors.js";
import { findRoute } from "./routes.js";
import type { Transport } from "./transport.js";

type BodyInit = NonNullable<RequestInit["body"]>;

/** A `fetch` as openapi-fetch calls it (with a `PreparedRequest`, or a `Request` from middleware). */
export type RequestFetch = (request: Request) => Promise<Response>;

/**
 * What openapi-fetch builds for each call in place of a `Request`: the parts the transport sends.
 * It keeps the body as given, so that a retry sends it again without buffering a stream (an
 * upload's FormData of file-backed Blobs stays on disk), and it skips what a full Request costs
 * (a body stream and an AbortController, more than the rest of the request path on Node 20).
 * Middleware added with `flow.raw.use()` sees this object: url, method, headers, body, signal.
 */
export class PreparedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | null;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
  }
}

/** The raw client's `fetch`, sending through `transport`. */
export function rawFetch(transport: Transport): RequestFetch {
  const { origin, pathname } = transport.config.baseUrl;
  // The base URL's path, without its trailing slash ("" for a bare origin).
  const basePath = pathname.replace(/\/$/, "");
  return async (given) => {
    const request = given as Request | PreparedRequest;
    const url = new URL(request.url);
    if (url.origin !== origin) {
      throw new ConfigurationError(
        `Refusing to send the API key to ${url.origin}: this client is configured for ${origin}.`,
      );
    }
    const route = findRoute(request.method, url.pathname.slice(basePath.length));
    // The call's own headers (with the client's extra ones, which openapi-fetch merged) win over
    // the transport's user agent and team; the key is always the client's.
    const headers: Record<string, string> = { ...transport.headers };
    request.headers.forEach((value, name) => (headers[name] = value));
    headers.authorization = transport.headers.authorization!;
    const body =
      request instanceof PreparedRequest
        ? request.body
        : request.body && (await request.arrayBuffer());
    // fetch writes a new multipart boundary each time it serializes a FormData: let it set the type.
    if (body instanceof FormData) delete headers["content-type"];
    const answer = await transport.send({
      target: { operation: route?.id ?? "request", method: request.method, path: url.pathname },
      operation: route?.id,
      request: { url: url.href, method: request.method, headers, body: body || null },
      signal: request.signal,
      success: route?.success ?? "json",
    });
    if (answer.streamed) return answer.streamed;
    let responseHeaders = answer.headers;
    // openapi-fetch reads JSON with json() only when it sees a length; else it parses text() again.
    if (!responseHeaders.has("content-length")) {
      responseHeaders = new Headers(responseHeaders);
      responseHeaders.set("content-length", String(Buffer.byteLength(answer.text)));
    }
    const init = { status: answer.status, statusText: answer.statusText, headers: responseHeaders };
    return bufferedResponse(answer.text, init, answer.value);
  };
}
