/**
 * The one request path below openapi-fetch: the `fetch` every call is sent with, facade or raw.
 * It adds the key and team and keeps them on the configured origin (./redirects.ts), gives each
 * attempt its own timeout, retries as the policy allows (./retry-policy.ts), reads and checks the
 * body, and reports each attempt to the logger.
 */
import { api, type OperationId, operations } from "../generated/operations.js";
import {
  checkRetries,
  checkTimeout,
  formatLogEvent,
  type RequestLogEvent,
  type ResolvedConfig,
} from "./config.js";
import {
  APIAbortError,
  APIConnectionError,
  APITimeoutError,
  BadResponseError,
  ConfigurationError,
  type RequestTarget,
} from "./errors.js";
import { checkDrift } from "./drift.js";
import { findOperation } from "./operations.js";
import { fetchFollowingRedirects, type OutgoingRequest } from "./redirects.js";
import {
  backoffMs,
  delayAfterStatus,
  type RetryMode,
  retryModeOf,
  takenEffectHint,
} from "./retry-policy.js";
import { sleep } from "./sleep.js";
import { VERSION } from "./version.js";

/** Per-call settings that override the client's. */
export interface RequestOptions {
  /** Aborts the call; an aborted call is not retried. */
  signal?: AbortSignal | undefined;
  /** The time one attempt may take, headers and body (`Infinity`: no limit). Defaults to the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** How often to retry. Defaults to the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Override the operation's retry mode, e.g. `"safe"` when you know a repeat is harmless. */
  retry?: RetryMode | undefined;
}

/** A `fetch` as openapi-fetch calls it. */
export type RequestFetch = (request: Request) => Promise<Response>;

/**
 * What a facade call can hand the transport besides its options: the form it built (sent as is,
 * so that a retry reads its files again rather than a buffered copy) and the `fetch` to send it
 * with when the client has none of its own (on Node, one that streams with backpressure).
 */
export interface CallBody {
  form: FormData;
  fetch?: typeof fetch | undefined;
}

/** Statuses whose Response may not carry a body, not even an empty one. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
/** Connection errors that prove the request never reached a server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);
/** The reason an attempt's timeout aborts it with. */
const TIMEOUT = Symbol("timeout");

/** The `fetch` that sends a client's requests, with `options` overriding its settings. */
export function transportFetch(
  config: ResolvedConfig,
  options: RequestOptions = {},
  body?: CallBody,
): RequestFetch {
  const settings: Settings = {
    maxRetries:
      options.maxRetries === undefined ? config.maxRetries : checkRetries(options.maxRetries),
    timeoutMs: options.timeoutMs === undefined ? config.timeoutMs : checkTimeout(options.timeoutMs),
    retry: options.retry,
    body,
  };
  return (request) => send(config, settings, request);
}

interface Settings {
  maxRetries: number;
  timeoutMs: number;
  retry: RetryMode | undefined;
  body: CallBody | undefined;
}

/** What one call is, for its attempts. */
interface Call {
  target: RequestTarget;
  operation: OperationId | undefined;
  mode: RetryMode;
  request: OutgoingRequest;
  /** The caller's signal (the Request's own). */
  signal: AbortSignal;
  /** Whether a success streams to the caller (a download) rather than being read here. */
  streams: boolean;
  /** Whether a success must carry JSON. */
  json: boolean;
  /** The `fetch` each attempt goes through. */
  fetch: typeof fetch;
}

async function send(
  config: ResolvedConfig,
  settings: Settings,
  request: Request,
): Promise<Response> {
  const call = await callOf(config, settings, request);
  const maxAttempts = settings.maxRetries + 1;
  for (let retry = 0; ; retry++) {
    if (call.signal.aborted) throw aborted(call.target, call.signal);
    const started = performance.now();
    let response: Response | undefined;
    let failure: unknown;
    let delay: number | undefined;
    try {
      response = await attempt(config, call, settings.timeoutMs);
      if (response.status >= 300 && retry < settings.maxRetries)
        delay = delayAfterStatus(
          call.mode,
          call.operation,
          response.status,
          response.headers,
          retry,
        );
    } catch (caught) {
      failure = classify(caught, call, settings.timeoutMs);
      if (
        failure instanceof APIConnectionError &&
        (call.mode === "safe" || !failure.mayHaveTakenEffect) &&
        retry < settings.maxRetries
      )
        delay = backoffMs(retry);
    }
    if (config.logger) {
      const event: RequestLogEvent = {
        method: call.target.method,
        path: call.target.path,
        operation: call.operation,
        outcome: response?.status ?? (failure instanceof Error ? failure.name : "error"),
        ms: Math.round(performance.now() - started),
        attempt: retry + 1,
        maxAttempts,
        requestId: response?.headers.get("cf-ray") ?? undefined,
        retryInMs: delay,
      };
      config.logger(formatLogEvent(event), event);
    }
    if (delay === undefined) {
      if (response) return response;
      throw failure;
    }
    await sleep(delay, call.signal, () => aborted(call.target, call.signal));
  }
}

/** Reads the request once (its body too, so that retries and redirects can send it again). */
async function callOf(config: ResolvedConfig, settings: Settings, request: Request): Promise<Call> {
  const url = new URL(request.url);
  const { origin } = config.baseUrl;
  const basePath = config.baseUrl.pathname.replace(/\/$/, "");
  if (url.origin !== origin) {
    throw new ConfigurationError(
      `Refusing to send the API key to ${url.origin}: this client is configured for ${origin}.`,
    );
  }
  const path = url.pathname.startsWith(basePath)
    ? url.pathname.slice(basePath.length)
    : url.pathname;
  const operation = findOperation(request.method, path)?.id;
  const success = operation ? operations[operation].success : "json";
  return {
    target: { operation: operation ?? "request", method: request.method, path },
    operation,
    mode: settings.retry ?? retryModeOf(operation, request.method),
    request: {
      url: url.href,
      method: request.method,
      headers: withCredentials(config, request.headers, settings.body !== undefined),
      body: settings.body?.form ?? (request.body ? await request.arrayBuffer() : null),
    },
    signal: request.signal,
    streams: success === "binary",
    json: success === "json",
    fetch: (!config.customFetch && settings.body?.fetch) || config.fetch,
  };
}

/**
 * The request's headers plus the key, the team (unless the call names one) and a user agent; for
 * a form sent as is, without the content type (each sending writes its own boundary).
 */
function withCredentials(config: ResolvedConfig, given: Headers, form: boolean): Headers {
  const headers = new Headers(given);
  if (form) headers.delete("content-type");
  headers.set(api.keyHeader, config.apiKey);
  if (config.teamId && !headers.has(api.teamHeader)) headers.set(api.teamHeader, config.teamId);
  if (!headers.has("user-agent")) headers.set("user-agent", userAgent());
  return headers;
}

function userAgent(): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node;
  return `seekrflow-client/${VERSION}${node ? ` node/${node}` : ""}`;
}

/** A failure of the network itself (as opposed to a bug), wrapped so that it is never confused. */
class NetworkFailure {
  constructor(readonly error: unknown) {}
}

/**
 * One attempt, with its own timeout over the headers and the body (a download: the headers; its
 * body runs under the caller's signal). The answer comes back read in full, as a plain Response.
 */
async function attempt(config: ResolvedConfig, call: Call, timeoutMs: number): Promise<Response> {
  if (timeoutMs === Infinity) return read(config, call, call.signal);
  // One controller per attempt, aborted by its timer or by the caller. A download's body outlives
  // the timer and follows the caller's signal alone, through AbortSignal.any.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(TIMEOUT), timeoutMs);
  const forward = (): void => timeout.abort(call.signal.reason);
  call.signal.addEventListener("abort", forward, { once: true });
  const signal = call.streams ? AbortSignal.any([call.signal, timeout.signal]) : timeout.signal;
  try {
    return await read(config, call, signal);
  } catch (error) {
    throw timeout.signal.reason === TIMEOUT && !call.signal.aborted ? TIMEOUT : error;
  } finally {
    clearTimeout(timer);
    call.signal.removeEventListener("abort", forward);
  }
}

/** Sends one attempt with `signal` and reads the answer in full (a download: its headers). */
async function read(config: ResolvedConfig, call: Call, signal: AbortSignal): Promise<Response> {
  let response: Response;
  let text: string;
  try {
    response = await fetchFollowingRedirects(
      call.fetch,
      call.request,
      config.baseUrl.origin,
      signal,
    );
    if (call.streams && response.ok) return response;
    text = await response.text();
  } catch (error) {
    throw new NetworkFailure(error);
  }
  const { status, statusText, headers } = response;
  if (response.ok && call.json && !NULL_BODY_STATUSES.has(status)) checkJson(call, status, text);
  if (config.validateResponses && call.operation && text !== "")
    await checkDrift(config, { ...call.target, operation: call.operation }, status, text);
  return new Response(NULL_BODY_STATUSES.has(status) ? null : text, {
    status,
    statusText,
    headers,
  });
}

/** A success must carry the JSON object or list the document promises. */
function checkJson(call: Call, status: number, text: string): void {
  const problem = (detail: string): BadResponseError =>
    new BadResponseError(call.target, status, text, detail);
  if (text.trim() === "") throw problem("an empty body where JSON was expected");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem("a body that is not valid JSON");
  }
  if (value === null || typeof value !== "object")
    throw problem("JSON that is not an object or a list");
}

/** Turns what an attempt threw into the client's error classes; a bug is rethrown as it is. */
function classify(caught: unknown, call: Call, timeoutMs: number): unknown {
  const { target, signal } = call;
  if (signal.aborted && (caught === TIMEOUT || caught instanceof NetworkFailure))
    return aborted(target, signal);
  const hint = takenEffectHint(call.operation, call.mode);
  if (caught === TIMEOUT) {
    const message = `no complete answer within ${timeoutMs} ms.${hint}`;
    return new APITimeoutError(target, message, { mayHaveTakenEffect: true });
  }
  if (!(caught instanceof NetworkFailure)) return caught;
  const code = errorCode(caught.error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  const outcome = notSent ? " The request was not sent." : hint;
  return new APIConnectionError(
    target,
    `connection failed (${code ?? describe(caught.error)}).${outcome}`,
    { cause: caught.error, mayHaveTakenEffect: !notSent },
  );
}

function aborted(target: RequestTarget, signal: AbortSignal): APIAbortError {
  return new APIAbortError(`${target.operation} (${target.method} ${target.path}) was aborted.`, {
    cause: signal.reason,
  });
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
