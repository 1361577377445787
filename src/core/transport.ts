/**
 * The one request path below openapi-fetch: the `fetch` every call is sent with, facade or raw.
 * It adds the key and team and keeps them on the configured origin (./redirects.ts), gives each
 * attempt its own timeout, retries as the policy allows (./retry-policy.ts), reads and checks the
 * body, and reports each attempt to the logger.
 */
import { api, type OperationId, operationTable } from "../generated/operations.js";
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
  describeRequest,
  type Answer,
  type RequestTarget,
  requestIdOf,
} from "./errors.js";
import { checkDrift } from "./drift.js";
import { findOperation, rawCallOperations } from "./find-operation.js";
import { fetchFollowingRedirects, type OutgoingRequest } from "./redirects.js";
import {
  backoffMs,
  delayAfterStatus,
  type RetryMode,
  retryModeOf,
  takenEffectHint,
} from "./retry-policy.js";
import { idleGuarded } from "./idle-body.js";
import { sleep } from "./sleep.js";
import { VERSION } from "./version.js";

/** Per-call settings that override the client's. */
export interface RequestOptions {
  /** Aborts the call; an aborted call is not retried. */
  signal?: AbortSignal | undefined;
  /** The time one attempt may take, headers and body (`Infinity`: no limit). Defaults to the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /**
   * The longest a streamed body (a download) may go without a byte. Defaults to the client's
   * `idleTimeoutMs`, else this call's `timeoutMs`.
   */
  idleTimeoutMs?: number | undefined;
  /** How often to retry. Defaults to the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Override the operation's retry mode, e.g. `"safe"` when you know a repeat is harmless. */
  retry?: RetryMode | undefined;
  /**
   * Headers for this call, over the client's. Not the key or the team (`authorization`,
   * `x-team-id`): for those, make a client with `flow.withOptions({ apiKey, teamId })`.
   */
  headers?: Record<string, string> | undefined;
}

/** A `fetch` as openapi-fetch calls it. */
export type RequestFetch = (request: Request) => Promise<Response>;

/**
 * What a facade call can hand the transport besides its options: the form it built (sent as is,
 * so that a retry reads its files again rather than a buffered copy) and the `fetch` to send it
 * with when the client has none of its own (on Node, one that streams with backpressure).
 */
export interface UploadForm {
  form: FormData;
  fetch?: typeof fetch | undefined;
}

/** Statuses whose Response may not carry a body, not even an empty one. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
/**
 * Failures that prove no byte of the request left: no connection (refused, no such host), or a
 * TLS handshake that failed (OpenSSL's `ERR_SSL_…`, Node's `ERR_TLS_…`, a certificate refused).
 */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);
const NOT_SENT_PREFIXES = ["ERR_SSL_", "ERR_TLS_"];
/** What fetch says of a port it refuses to use (the Fetch standard's "bad port"): never sent. */
const BLOCKED_PORT = "bad port";
/** The reason an attempt's timeout aborts it with. */
const TIMEOUT = Symbol("timeout");

/** The `fetch` that sends a client's requests, with `options` overriding its settings. */
export function transportFetch(
  config: ResolvedConfig,
  options: RequestOptions & { operation?: OperationId } = {},
  body?: UploadForm,
  onAnswer?: (answer: Answer, forwarded: Response) => void,
): RequestFetch {
  for (const name of Object.keys(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === api.keyHeader || lower === api.teamHeader)
      throw new ConfigurationError(
        `headers: ${lower} cannot be set for one call (the key and team are the client's); use flow.withOptions({ ${lower === api.keyHeader ? "apiKey" : "teamId"} }) for a client that sends another.`,
      );
  }
  const timeoutMs =
    options.timeoutMs === undefined ? config.timeoutMs : checkTimeout(options.timeoutMs);
  const settings: Settings = {
    maxRetries:
      options.maxRetries === undefined ? config.maxRetries : checkRetries(options.maxRetries),
    timeoutMs,
    idleTimeoutMs:
      options.idleTimeoutMs === undefined
        ? (config.idleTimeoutMs ?? timeoutMs)
        : checkTimeout(options.idleTimeoutMs, "idleTimeoutMs"),
    retry: options.retry,
    signal: options.signal,
    headers: options.headers,
    operation: options.operation,
    body,
    onAnswer,
  };
  return (request) => send(config, settings, request);
}

interface Settings {
  maxRetries: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  retry: RetryMode | undefined;
  /**
   * The facade caller's signal, handed here rather than to openapi-fetch: a Request made with a
   * signal listens to it until the Request is collected, so one signal shared by many calls (a
   * wait, a walk over pages) would gather listeners and Node would warn.
   */
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
  /** The facade call's operation, named by it; a raw call's is found from its URL. */
  operation: OperationId | undefined;
  body: UploadForm | undefined;
  /**
   * Told each answer read in full, with the Response handed on to openapi-fetch (the last one
   * told is the call's).
   */
  onAnswer: ((answer: Answer, forwarded: Response) => void) | undefined;
}

/** What one call is, for its attempts: where it goes, how it may be retried, what a success carries. */
interface Outgoing {
  target: RequestTarget;
  operation: OperationId | undefined;
  mode: RetryMode;
  request: OutgoingRequest;
  /** The caller's signal (a raw call's: the Request's own). */
  signal: AbortSignal;
  /** Whether a success streams to the caller (a download) rather than being read here. */
  streams: boolean;
  /** Whether a success must carry JSON. */
  json: boolean;
  /** The `fetch` each attempt goes through. */
  fetch: typeof fetch;
  onAnswer: Settings["onAnswer"];
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
      response = await attempt(config, call, settings);
      if (retry < settings.maxRetries)
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
        requestId: response ? requestIdOf(response.headers) : undefined,
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
async function callOf(
  config: ResolvedConfig,
  settings: Settings,
  request: Request,
): Promise<Outgoing> {
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
  // Named by the facade, or found for a raw call by the client's middleware; matched from the
  // URL only for a Request a middleware replaced.
  const operation =
    settings.operation ?? rawCallOperations.get(request) ?? findOperation(request.method, path)?.id;
  const success = operation ? operationTable[operation].success : "json";
  return {
    // Named as it was sent: the base URL's path in it, so that a doubled prefix shows.
    target: { operation: operation ?? "request", method: request.method, path: url.pathname },
    operation,
    mode: settings.retry ?? retryModeOf(operation, request.method),
    request: {
      url: url.href,
      method: request.method,
      headers: withCredentials(config, request.headers, settings),
      body: settings.body?.form ?? (request.body ? await request.arrayBuffer() : null),
    },
    signal: settings.signal ?? request.signal,
    streams: success === "binary",
    json: success === "json",
    fetch: (!config.customFetch && settings.body?.fetch) || config.fetch,
    onAnswer: settings.onAnswer,
  };
}

/**
 * The request's headers, the call's own over them, plus the key, the team (unless the call names
 * one) and a user agent; for a form sent as is, without the content type (each sending writes its
 * own boundary).
 */
function withCredentials(config: ResolvedConfig, given: Headers, settings: Settings): Headers {
  const headers = new Headers(given);
  if (settings.body) headers.delete("content-type");
  for (const [name, value] of Object.entries(settings.headers ?? {})) headers.set(name, value);
  headers.set(api.keyHeader, config.apiKey);
  if (config.teamId && !headers.has(api.teamHeader)) headers.set(api.teamHeader, config.teamId);
  if (!headers.has("user-agent")) headers.set("user-agent", userAgent());
  return headers;
}

function userAgent(): string {
  // Stryker disable next-line OptionalChaining: a process without versions exists only in bundler shims.
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
async function attempt(
  config: ResolvedConfig,
  call: Outgoing,
  { timeoutMs, idleTimeoutMs }: Settings,
): Promise<Response> {
  // A download's body outlives the attempt's timer: it ends when the caller aborts or when no
  // byte arrives for idleTimeoutMs (./idle-body.ts aborts `idle` and fails the body).
  const idle = call.streams ? new AbortController() : undefined;
  const guard = (response: Response): Response =>
    idle && response.ok ? idleGuarded(response, call.target, idleTimeoutMs, idle) : response;
  if (timeoutMs === Infinity)
    return guard(
      await exchange(
        config,
        call,
        idle ? AbortSignal.any([call.signal, idle.signal]) : call.signal,
      ),
    );
  // One controller per attempt, aborted by its timer or by the caller.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(TIMEOUT), timeoutMs);
  const forward = (): void => timeout.abort(call.signal.reason);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: the listener is removed in finally; once only spares that.
  call.signal.addEventListener("abort", forward, { once: true });
  const signal = idle
    ? AbortSignal.any([call.signal, timeout.signal, idle.signal])
    : timeout.signal;
  try {
    return guard(await exchange(config, call, signal));
  } catch (error) {
    throw timeout.signal.reason === TIMEOUT && !call.signal.aborted ? TIMEOUT : error;
  } finally {
    clearTimeout(timer);
    call.signal.removeEventListener("abort", forward);
  }
}

/**
 * One exchange with the server: sends the attempt with `signal` (following redirects) and reads
 * the answer in full, or a download's headers only. Whatever fails here is the network's.
 */
async function exchange(
  config: ResolvedConfig,
  call: Outgoing,
  signal: AbortSignal,
): Promise<Response> {
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
  return checked(config, call, response, text);
}

/**
 * An answer read in full, checked (JSON where the document promises it; drift, when asked),
 * told to the call, and handed on to openapi-fetch as a plain Response.
 */
async function checked(
  config: ResolvedConfig,
  call: Outgoing,
  response: Response,
  text: string,
): Promise<Response> {
  const { status, statusText, headers } = response;
  const answer: Answer = { status, headers, body: text };
  if (response.ok && call.json && !NULL_BODY_STATUSES.has(status))
    answer.json = checkJson(call, answer);
  // checkDrift passes over bodies that are not JSON (an empty one included).
  // Stryker disable next-line ConditionalExpression: an unknown operation has no schema to check either.
  if (config.validateResponses && call.operation)
    await checkDrift(config, { ...call.target, operation: call.operation }, answer);
  const forwarded = new Response(NULL_BODY_STATUSES.has(status) ? null : text, {
    status,
    statusText,
    headers,
  });
  call.onAnswer?.(answer, forwarded);
  return forwarded;
}

/** A success must carry the JSON object or list the document promises: returns it, parsed. */
function checkJson(call: Outgoing, answer: Answer): object {
  const problem = (detail: string): BadResponseError =>
    new BadResponseError(call.target, answer, detail);
  const text = answer.body;
  if (text.trim() === "") throw problem("an empty body where JSON was expected");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem("a body that is not valid JSON");
  }
  if (value === null || typeof value !== "object")
    throw problem("JSON that is not an object or a list");
  return value;
}

/** Turns what an attempt threw into the client's error classes; a bug is rethrown as it is. */
function classify(caught: unknown, call: Outgoing, timeoutMs: number): unknown {
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
  const reason = code ?? describe(caught.error);
  const notSent =
    reason === BLOCKED_PORT ||
    (code !== undefined &&
      (NOT_SENT_CODES.has(code) || NOT_SENT_PREFIXES.some((prefix) => code.startsWith(prefix))));
  const outcome = notSent ? " The request was not sent." : hint;
  return new APIConnectionError(target, `connection failed (${reason}).${outcome}`, {
    cause: caught.error,
    mayHaveTakenEffect: !notSent,
  });
}

function aborted(target: RequestTarget, signal: AbortSignal): APIAbortError {
  return new APIAbortError(target, `${describeRequest(target)} was aborted.`, {
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
