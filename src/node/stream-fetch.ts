/**
 * A `fetch` for uploads on Node, on node:http: it streams a multipart body part by part with
 * backpressure, so that a 300 MB file is never held in memory. (Node 20's fetch reads a request
 * body as fast as the disk gives it, whatever the socket takes: bench/RESULTS.md.) Only what the
 * transport uses is supported: method, headers, a FormData or bytes body, signal; redirects are
 * returned, not followed.
 */
import { randomUUID } from "node:crypto";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Sends `init` to `input` and resolves with the answer as a web Response. */
export async function streamingFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers = new Headers(init.headers);
  let body: Readable | undefined;
  if (init.body instanceof FormData) {
    const boundary = `----seekrflow-${randomUUID()}`;
    const encoded = multipart(init.body, boundary);
    headers.set("content-type", `multipart/form-data; boundary=${boundary}`);
    // A part of unknown size (a stream) makes the body go chunked.
    if (Number.isFinite(encoded.length)) headers.set("content-length", String(encoded.length));
    body = encoded.stream;
  } else if (init.body !== undefined && init.body !== null) {
    const bytes = Buffer.from(await new Response(init.body).arrayBuffer());
    headers.set("content-length", String(bytes.length));
    body = Readable.from([bytes]);
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: init.method ?? "GET",
        headers: Object.fromEntries(headers),
        ...(init.signal ? { signal: init.signal } : {}),
      },
      (response) => {
        answered = true;
        resolve(toResponse(response, init.method));
      },
    );
    // As fetch does: a network failure is a TypeError whose cause says what happened. Said when
    // the request closes, not at the error: an answer the server sent before it reset the socket
    // (a 413 to an upload it would not read) is parsed after the write fails, and it wins.
    let answered = false;
    let failure: Error | undefined;
    request.once("error", (error) => (failure ??= error));
    request.once("close", () => {
      if (!answered) reject(new TypeError("fetch failed", { cause: failure ?? new Error("socket closed") }));
    });
    if (body)
      pipeline(body, request).catch((error: NodeJS.ErrnoException) => {
        // A server that answers before reading the whole body (413, 401, …) closes the socket
        // under the upload: that answer is the answer, and destroying the request now would
        // throw it away. Only a body that failed to read (a file gone) stops the request.
        if (!SOCKET_GONE.has(error.code ?? "")) request.destroy(error);
      });
    else request.end();
  });
}

/** What writing to a socket the other side closed fails with. */
const SOCKET_GONE = new Set(["EPIPE", "ECONNRESET", "ERR_STREAM_DESTROYED", "ERR_STREAM_WRITE_AFTER_END"]);

function toResponse(response: IncomingMessage, method: string | undefined): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers))
    for (const item of [value ?? []].flat()) headers.append(name, item);
  const status = response.statusCode ?? 0;
  const empty = method === "HEAD" || [101, 204, 205, 304].includes(status);
  if (empty) response.resume();
  return new Response(empty ? null : (Readable.toWeb(response) as ReadableStream), {
    status,
    statusText: response.statusMessage ?? "",
    headers,
  });
}

/** Quotes a name for a part's header as browsers do. */
const quote = (text: string): string =>
  text.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/** The form as a multipart body: its exact length, and a stream that reads each file in turn. */
function multipart(form: FormData, boundary: string): { length: number; stream: Readable } {
  const parts: (Buffer | Blob)[] = [];
  for (const [name, value] of form) {
    if (typeof value === "string") {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
        ),
      );
    } else {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(value.name)}"\r\n` +
            `Content-Type: ${value.type || "application/octet-stream"}\r\n\r\n`,
        ),
        value,
        Buffer.from("\r\n"),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const length = parts.reduce(
    (sum, part) => sum + (part instanceof Blob ? part.size : part.length),
    0,
  );
  const stream = Readable.from(
    (async function* () {
      for (const part of parts) {
        if (part instanceof Blob) yield* Readable.fromWeb(part.stream() as never);
        else yield part;
      }
    })(),
  );
  return { length, stream };
}
