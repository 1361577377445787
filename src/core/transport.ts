/**
 * The one request path to the wire, for every call: a facade call comes here straight from
 * ./call.ts (`sendCall`), a call through openapi-fetch as its `fetch` (`transportFetch`). It adds
 * the key and team and keeps them on the configured origin (./redirects.ts), gives each attempt
 * its own timeout, retries as the policy says (./retry-policy.ts), reads and checks the body once,
 * and reports each attempt to the logger.
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
  delayAfterFailure,
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

/**
 * One facade call as ./call.ts builds it from the operation table: the URL with its path and
 * query filled in, the call's headers (the transport adds the key and team), and its JSON body
 * (an upload's form is its `UploadForm`).
 */
export interface CallRequest {
  operation: OperationId;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

/** A request before it is sent: a facade call, or a Request openapi-fetch made, read. */
interface Unsent {
  /** Undefined for a raw call whose operation is found from its URL. */
  operation: OperationId | undefined;
  url: string;
  method: string;
  headers: Headers | Record<string, string>;
  /** The body, unless the call's form replaces it. */
  body: string | ArrayBuffer | null;
}

/**
 * What a call got back: the server's response and, unless a success streams to the caller (a
 * download), its body read in full and checked (`answer`).
 */
export interface Received {
  response: Response;
  answer: Answer | undefined;
}

/** Sends a facade call with `options` over the client's settings: one request, retried as allowed. */
export async function sendCall(
  config: ResolvedConfig,
  options: RequestOptions,
  request: CallRequest,
  upload?: UploadForm,
): Promise<Received> {
  const settings = settingsOf(config, { ...options, operation: request.operation }, upload);
  return send(config, settings, outgoing(config, settings, request));
}

/**
 * The `fetch` that openapi-fetch sends a client's requests with (raw calls, and facade calls
 * that go through middleware), `options` over the client's settings: it answers with the body
 * already read, as a plain Response.
 */
export function transportFetch(
  config: ResolvedConfig,
  options: RequestOptions & { operation?: OperationId } = {},
  upload?: UploadForm,
): RequestFetch {
  const settings = settingsOf(config, options, upload);
  return async (request) =>
    forward(await send(config, settings, await outgoingOf(config, settings, request)));
}

function settingsOf(
  config: ResolvedConfig,
  options: RequestOptions & { operation?: OperationId },
  body: UploadForm | undefined,
): Settings {
  for (const name of Object.keys(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === api.keyHeader || lower === api.teamHeader)
      throw new ConfigurationError(
        `headers: ${lower} cannot be set for one call (the key and team are the client's); use flow.withOptions({ ${lower === api.keyHeader ? "apiKey" : "teamId"} }) for a client that sends another.`,
      );
  }
  const timeoutMs =
    options.timeoutMs === undefined ? config.timeoutMs : checkTimeout(options.timeoutMs);
  return {
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
  };
}

/** The Response openapi-fetch is handed: the answer as read, or a download's as it streams. */
function forward({ response, answer }: Received): Response {
  if (!answer) return response;
  const { status, headers, body } = answer;
  return new Response(NULL_BODY_STATUSES.has(status) ? null : body, {
    status,
    statusText: response.statusText,
    headers,
  });
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
}

/** What one call is, for its attempts: where it goes, how it may be retried, what a success carries. */
interface Outgoing {
  target: RequestTarget;
  operation: OperationId | undefined;
  mode: RetryMode;
  request: OutgoingRequest;
  /**
   * The caller's signal (a raw call's: the Request's own), or none. Never one shared by calls
   * that did not share it: a fetch listens to its signal until its Request is collected.
   */
  signal: AbortSignal | undefined;
  /** Whether a success streams to the caller (a download) rather than being read here. */
  streams: boolean;
  /** Whether a success must carry JSON. */
  json: boolean;
  /** The `fetch` each attempt goes through. */
  fetch: typeof fetch;
}

/** Sends `call`, retrying as its mode allows; each attempt is reported to the logger. */
async function send(config: ResolvedConfig, settings: Settings, call: Outgoing): Promise<Received> {
  const maxAttempts = settings.maxRetries + 1;
  for (let retry = 0; ; retry++) {
    if (call.signal?.aborted) throw aborted(call.target, call.signal);
    const started = performance.now();
    let received: Received | undefined;
    let failure: unknown;
    let delay: number | undefined;
    try {
      received = await attempt(config, call, settings);
      if (retry < settings.maxRetries)
        delay = delayAfterStatus(
          call.mode,
          call.operation,
          received.response.status,
          received.response.headers,
          retry,
        );
    } catch (caught) {
      failure = classify(caught, call, settings.timeoutMs);
      // A timeout is an APIConnectionError too (APITimeoutError); an abort or a bug is not.
      if (failure instanceof APIConnectionError && retry < settings.maxRetries)
        delay = delayAfterFailure(call.mode, failure.mayHaveTakenEffect, retry);
    }
    if (config.logger) {
      const event: RequestLogEvent = {
        method: call.target.method,
        path: call.target.path,
        operation: call.operation,
        outcome: received?.response.status ?? (failure instanceof Error ? failure.name : "error"),
        ms: Math.round(performance.now() - started),
        attempt: retry + 1,
        maxAttempts,
        requestId: received ? requestIdOf(received.response.headers) : undefined,
        retryInMs: delay,
      };
      config.logger(formatLogEvent(event), event);
    }
    if (delay === undefined) {
      if (received) return received;
      throw failure;
    }
    await sleep(delay, call.signal, () => aborted(call.target, call.signal));
  }
}

/** A Request openapi-fetch made, read once (its body too, so that retries and redirects can send it again). */
async function outgoingOf(
  config: ResolvedConfig,
  settings: Settings,
  request: Request,
): Promise<Outgoing> {
  return outgoing(
    config,
    settings,
    {
      // Named by the facade, or found for a raw call by the client's middleware; matched from
      // the URL (below) only for a Request a middleware replaced.
      operation: settings.operation ?? rawCallOperations.get(request),
      url: request.url,
      method: request.method,
      headers: request.headers,
      // A form sent as is replaces the body: it is not read.
      body: settings.body || !request.body ? null : await request.arrayBuffer(),
    },
    request.signal,
  );
}

/** What one call is, for its attempts; refused when it would take the key to another origin. */
function outgoing(
  config: ResolvedConfig,
  settings: Settings,
  request: Unsent,
  requestSignal?: AbortSignal,
): Outgoing {
  const url = new URL(request.url);
  const { origin } = config.baseUrl;
  if (url.origin !== origin) {
    throw new ConfigurationError(
      `Refusing to send the API key to ${url.origin}: this client is configured for ${origin}.`,
    );
  }
  const basePath = config.baseUrl.pathname.replace(/\/$/, "");
  const operation =
    request.operation ??
    findOperation(
      request.method,
      url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname,
    )?.id;
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
      body: settings.body?.form ?? request.body,
    },
    signal: settings.signal ?? requestSignal,
    streams: success === "binary",
    json: success === "json",
    fetch: (!config.customFetch && settings.body?.fetch) || config.fetch,
  };
}

/**
 * The request's headers, the call's own over them, plus the key, the team (unless the call names
 * one) and a user agent; for a form sent as is, without the content type (each sending writes its
 * own boundary).
 */
function withCredentials(
  config: ResolvedConfig,
  given: Headers | Record<string, string>,
  settings: Settings,
): Headers {
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
 * body runs under the caller's signal).
 */
async function attempt(
  config: ResolvedConfig,
  call: Outgoing,
  { timeoutMs, idleTimeoutMs }: Settings,
): Promise<Received> {
  // A download's body outlives the attempt's timer: it ends when the caller aborts or when no
  // byte arrives for idleTimeoutMs (./idle-body.ts aborts `idle` and fails the body).
  const idle = call.streams ? new AbortController() : undefined;
  const guard = (received: Received): Received =>
    idle && !received.answer
      ? { ...received, response: idleGuarded(received.response, call.target, idleTimeoutMs, idle) }
      : received;
  if (timeoutMs === Infinity)
    return guard(
      await exchange(
        config,
        call,
        idle ? AbortSignal.any(signals(call.signal, idle.signal)) : call.signal,
      ),
    );
  // One controller per attempt, aborted by its timer or by the caller.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(TIMEOUT), timeoutMs);
  const forward = (): void => timeout.abort(call.signal?.reason);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: the listener is removed in finally; once only spares that.
  call.signal?.addEventListener("abort", forward, { once: true });
  const signal = idle
    ? AbortSignal.any(signals(call.signal, timeout.signal, idle.signal))
    : timeout.signal;
  try {
    return guard(await exchange(config, call, signal));
  } catch (error) {
    throw timeout.signal.reason === TIMEOUT && !call.signal?.aborted ? TIMEOUT : error;
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener("abort", forward);
  }
}

/**
 * One exchange with the server: sends the attempt with `signal` (following redirects) and reads
 * the answer in full, or a download's headers only. Whatever fails here is the network's.
 */
async function exchange(
  config: ResolvedConfig,
  call: Outgoing,
  signal: AbortSignal | undefined,
): Promise<Received> {
  let response: Response;
  let text: string;
  try {
    response = await fetchFollowingRedirects(
      call.fetch,
      call.request,
      config.baseUrl.origin,
      signal,
    );
    if (call.streams && response.ok) return { response, answer: undefined };
    text = await response.text();
  } catch (error) {
    throw new NetworkFailure(error);
  }
  return { response, answer: await checked(config, call, response, text) };
}

/** An answer read in full, checked: JSON where the document promises it; drift, when asked. */
async function checked(
  config: ResolvedConfig,
  call: Outgoing,
  { ok, status, headers }: Response,
  text: string,
): Promise<Answer> {
  const answer: Answer = { status, headers, body: text };
  if (ok && call.json && !NULL_BODY_STATUSES.has(status)) answer.json = checkJson(call, answer);
  // checkDrift passes over bodies that are not JSON (an empty one included).
  // Stryker disable next-line ConditionalExpression: an unknown operation has no schema to check either.
  if (config.validateResponses && call.operation)
    await checkDrift(config, { ...call.target, operation: call.operation }, answer);
  return answer;
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
  if (signal?.aborted && (caught === TIMEOUT || caught instanceof NetworkFailure))
    return aborted(target, signal);
  const hint = takenEffectHint(call.operation, call.mode);
  if (caught === TIMEOUT) {
    const message = `no complete answer within ${timeoutMs} ms.${hint}`;
    return new APITimeoutError(target, message, { mayHaveTakenEffect: true });
  }
  if (!(caught instanceof NetworkFailure)) return caught;
  const code = errorCode(caught.error);
  const reason = code ?? causeMessage(caught.error);
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

/** The signals that are there, for `AbortSignal.any`. */
const signals = (...given: (AbortSignal | undefined)[]): AbortSignal[] =>
  given.filter((signal) => signal !== undefined);

function aborted(target: RequestTarget, signal: AbortSignal | undefined): APIAbortError {
  return new APIAbortError(target, `${describeRequest(target)} was aborted.`, {
    cause: signal?.reason,
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

function causeMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
