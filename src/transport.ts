/**
 * The one request path. Every request, from the facade or from `flow.raw`, goes through the
 * `fetch` made here: it adds the key and team, keeps the key on the configured origin (redirects:
 * ./redirects.ts), applies the timeout and the caller's signal, retries as the policy allows,
 * reads and checks the body, and logs one line per attempt.
 */
import type { ResolvedConfig } from "./config.js";
import {
  APIAbortError,
  APIConnectionError,
  APITimeoutError,
  BadResponseError,
  ConfigurationError,
  type RequestTarget,
} from "./errors.js";
import type { OperationId } from "./generated/operations.js";
import { fetchFollowingRedirects, type OutgoingRequest } from "./redirects.js";
import { findRoute } from "./routes.js";
import { backoffMs, delayAfterStatus, RETRY_POLICY, type RetryMode } from "./retry-policy.js";
import { bufferedResponse } from "./buffered-response.js";
import { sleep } from "./sleep.js";
import { VERSION } from "./version.js";

/** Per-call settings that override the client's. */
export interface RequestOptions {
  /** Aborts the call; an aborted call is not retried. */
  signal?: AbortSignal;
  /** The time one attempt may take, headers and body. Defaults to the client's `timeoutMs`. */
  timeoutMs?: number;
  /** How often to retry. Defaults to the client's `maxRetries`. */
  maxRetries?: number;
  /** Override the operation's retry mode, e.g. `"safe"` when you know a repeat is harmless. */
  retry?: RetryMode;
}

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

const TIMEOUT = Symbol("timeout");
/** Statuses whose Response may not carry a body, not even an empty one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Connection errors that prove the request never reached a server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);
const USER_AGENT = `seekrflow-client/${VERSION} node/${process.versions.node}`;

/** Makes the `fetch` of a client; `overrides` apply to one call. */
export function createTransport(
  config: ResolvedConfig,
): (overrides?: RequestOptions) => RequestFetch {
  // The base URL's path, without its trailing slash ("" for a bare origin).
  const basePath = config.baseUrl.pathname.replace(/\/$/, "");
  const withOverrides =
    (overrides: RequestOptions): RequestFetch =>
    (request) =>
      send(config, basePath, request as Request | PreparedRequest, overrides);
  const plain = withOverrides({});
  return (overrides) => (overrides ? withOverrides(overrides) : plain);
}

async function send(
  config: ResolvedConfig,
  basePath: string,
  request: Request | PreparedRequest,
  overrides: RequestOptions,
): Promise<Response> {
  const url = new URL(request.url);
  if (url.origin !== config.baseUrl.origin) {
    throw new ConfigurationError(
      `Refusing to send the API key to ${url.origin}: this client is configured for ${config.baseUrl.origin}.`,
    );
  }
  const route = findRoute(request.method, url.pathname.slice(basePath.length));
  const target: RequestTarget = {
    operation: route?.id ?? "request",
    method: request.method,
    path: url.pathname,
  };
  const mode = overrides.retry ?? (route ? RETRY_POLICY[route.id].retry : "unsent");
  const maxRetries = overrides.maxRetries ?? config.maxRetries;
  // A PreparedRequest's headers are this call's own; a Request's (from middleware) are copied.
  const headers =
    request instanceof PreparedRequest ? request.headers : new Headers(request.headers);
  headers.set("authorization", config.apiKey);
  if (config.teamId && !headers.has("x-team-id")) headers.set("x-team-id", config.teamId);
  if (!headers.has("user-agent")) headers.set("user-agent", USER_AGENT);
  const body =
    request instanceof PreparedRequest
      ? request.body
      : request.body && (await request.arrayBuffer());
  // fetch writes a new multipart boundary each time it serializes a FormData: let it set the type.
  if (body instanceof FormData) headers.delete("content-type");
  const attempt: Attempt = {
    config,
    target,
    request: { url, method: request.method, headers, body: body || null },
    signal: overrides.signal ?? request.signal ?? undefined,
    timeoutMs: overrides.timeoutMs ?? config.timeoutMs,
    success: route?.success ?? "json",
  };

  const { logger } = config;
  for (let retry = 0; ; retry++) {
    const started = logger ? performance.now() : 0;
    const log = (outcome: string, requestId?: string | null): void =>
      logger?.(
        `seekrflow ${target.method} ${target.path} ${outcome} ${Math.round(performance.now() - started)}ms ` +
          `attempt ${retry + 1}/${maxRetries + 1}${requestId ? ` cf-ray=${requestId}` : ""}`,
      );
    let delay: number | undefined;
    try {
      const response = await sendOnce(attempt);
      if (logger) log(String(response.status), response.headers.get("cf-ray"));
      if (response.ok) return response;
      delay =
        retry < maxRetries
          ? delayAfterStatus(mode, response.status, response.headers, retry)
          : undefined;
      if (delay === undefined) return response;
    } catch (caught) {
      const error = classify(caught, attempt);
      if (logger) log(error instanceof Error ? error.name : "error");
      const retryable =
        error instanceof APIConnectionError &&
        (mode === "safe" || !error.mayHaveTakenEffect) &&
        retry < maxRetries;
      if (!retryable) throw error;
      delay = backoffMs(retry);
    }
    await sleep(delay, attempt.signal, () => aborted(target, attempt.signal));
  }
}

type Attempt = {
  config: ResolvedConfig;
  target: RequestTarget;
  /** What every attempt sends (redirects may change a copy, never this). */
  request: OutgoingRequest;
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
  timeoutMs: number;
  success: string;
};

/** A failure of the network itself (as opposed to a bug), wrapped so that it is never confused. */
class NetworkFailure {
  constructor(readonly error: unknown) {}
}

/** One attempt: follows redirects itself and reads the body, all within the timeout. */
async function sendOnce(attempt: Attempt): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMEOUT), attempt.timeoutMs);
  const { signal } = attempt;
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  const streamed = attempt.success === "binary";
  let response: Response;
  let text: string;
  try {
    response = await fetchFollowingRedirects(
      attempt.config.fetch,
      attempt.request,
      attempt.config.baseUrl.origin,
      controller.signal,
    );
    // A download streams to the caller: the timeout covers its headers, the caller's signal all of it.
    if (streamed && response.ok) return response;
    text = await response.text();
  } catch (error) {
    throw controller.signal.reason === TIMEOUT ? TIMEOUT : new NetworkFailure(error);
  } finally {
    clearTimeout(timer);
    if (!streamed) signal?.removeEventListener("abort", onAbort);
  }
  return checkBody(response, text, attempt);
}

/** Hands on the buffered body; a success must carry the JSON the document promises. */
function checkBody(response: Response, text: string, attempt: Attempt): Response {
  let headers = response.headers;
  // openapi-fetch reads JSON with json() only when it sees a length; else it parses text() again.
  if (!headers.has("content-length")) {
    headers = new Headers(headers);
    headers.set("content-length", String(Buffer.byteLength(text)));
  }
  const init = { status: response.status, statusText: response.statusText, headers };
  if (!response.ok || attempt.success !== "json" || NULL_BODY_STATUSES.has(response.status)) {
    return bufferedResponse(text, init);
  }
  const problem = (detail: string): BadResponseError =>
    new BadResponseError(attempt.target, response.status, text, detail);
  if (text.trim() === "") throw problem("an empty body where JSON was expected");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem("a body that is not valid JSON");
  }
  if (value === null || typeof value !== "object")
    throw problem("JSON that is not an object or a list");
  return bufferedResponse(text, init, value);
}

/** Turns what an attempt threw into the client's error classes; a bug is rethrown as it is. */
function classify(caught: unknown, attempt: Attempt): unknown {
  const { target, signal } = attempt;
  if (signal?.aborted && (caught === TIMEOUT || caught instanceof NetworkFailure))
    return aborted(target, signal);
  if (caught === TIMEOUT) {
    const message = `no complete answer within ${attempt.timeoutMs} ms.${takenEffectHint(target)}`;
    return new APITimeoutError(target, message, { mayHaveTakenEffect: true });
  }
  if (!(caught instanceof NetworkFailure)) return caught;
  const code = errorCode(caught.error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  const outcome = notSent ? " The request was not sent." : takenEffectHint(target);
  return new APIConnectionError(
    target,
    `connection failed (${code ?? describe(caught.error)}).${outcome}`,
    {
      cause: caught.error,
      mayHaveTakenEffect: !notSent,
    },
  );
}

function aborted(target: RequestTarget, signal: AbortSignal | undefined): APIAbortError {
  return new APIAbortError(`${target.operation} (${target.method} ${target.path}) was aborted.`, {
    cause: signal?.reason,
  });
}

/** For an operation that is not safe to repeat: how to check whether it took effect. */
export function takenEffectHint(target: RequestTarget): string {
  const policy = RETRY_POLICY[target.operation as OperationId];
  if (!policy || policy.retry === "safe" || !policy.check) return "";
  return ` It was not retried because it may have taken effect: ${policy.check}`;
}

function errorCode(error: unknown): string | undefined {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = (e as Error).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
