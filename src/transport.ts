/**
 * The one request path. Every request, from the facade (./request.ts) or from `flow.raw`
 * (./raw-fetch.ts), is sent here: it keeps the key on the configured origin (redirects:
 * ./redirects.ts), applies the timeout (./deadlines.ts) and the caller's signal, retries as the
 * policy allows, reads and checks the body, and logs one line per attempt.
 */
import { checkRetries, checkTimeout, type ResolvedConfig } from "./config.js";
import {
  APIAbortError,
  APIConnectionError,
  APITimeoutError,
  BadResponseError,
  type RequestTarget,
} from "./errors.js";
import type { OperationId } from "./generated/operations.js";
import { fetchFollowingRedirects, type OutgoingRequest } from "./redirects.js";
import { backoffMs, delayAfterStatus, RETRY_POLICY, type RetryMode } from "./retry-policy.js";
import { startDeadline, TIMEOUT } from "./deadlines.js";
import { sleep } from "./sleep.js";
import { VERSION } from "./version.js";

/** Per-call settings that override the client's. */
export interface RequestOptions {
  /** Aborts the call; an aborted call is not retried. */
  signal?: AbortSignal;
  /** The time one attempt may take, headers and body (`Infinity`: no limit). Defaults to the client's `timeoutMs`. */
  timeoutMs?: number;
  /** How often to retry. Defaults to the client's `maxRetries`. */
  maxRetries?: number;
  /** Override the operation's retry mode, e.g. `"safe"` when you know a repeat is harmless. */
  retry?: RetryMode;
}

/** One call, as the facade (./request.ts) or the raw client (./raw-fetch.ts) hands it over. */
export interface Call {
  /** The operation, method and path, as errors and log lines name them. */
  target: RequestTarget;
  /** The operation the call belongs to, if any: it picks the retry policy. */
  operation: OperationId | undefined;
  /** What every attempt sends: the transport adds nothing to it. */
  request: OutgoingRequest;
  /** Aborts the call unless the call's options give another signal. */
  signal?: AbortSignal | null;
  /** What a success carries: `json` (checked here), `binary` (streamed) or `none`. */
  success: string;
}

/** The server's answer to a call. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body, read in full within the timeout; "" when it streams. */
  text: string;
  /** A JSON success's parsed body. */
  value?: unknown;
  /** A binary success: its body streams to the caller, under the caller's signal only. */
  streamed?: Response;
}

/** Sends calls with a client's settings. */
export interface Transport {
  readonly config: ResolvedConfig;
  /** The base URL without its trailing slash: operation paths are appended to it. */
  readonly baseUrl: string;
  /** What every request carries: the client's extra headers, the key, the team and a user agent. */
  readonly headers: Readonly<Record<string, string>>;
  /** Sends `call`, retrying as its operation's policy and `options` allow. */
  send(call: Call, options?: RequestOptions): Promise<Answer>;
}

/** Statuses whose Response may not carry a body, not even an empty one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Connection errors that prove the request never reached a server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);
const USER_AGENT = `seekrflow-client/${VERSION} node/${process.versions.node}`;

/** Makes the transport of a client. */
export function createTransport(config: ResolvedConfig): Transport {
  const headers: Record<string, string> = { "user-agent": USER_AGENT };
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
  headers.authorization = config.apiKey;
  if (config.teamId && !("x-team-id" in headers)) headers["x-team-id"] = config.teamId;
  return {
    config,
    baseUrl: config.baseUrl.href.replace(/\/$/, ""),
    headers,
    send: (call, options = {}) => send(config, call, options),
  };
}

async function send(config: ResolvedConfig, call: Call, options: RequestOptions): Promise<Answer> {
  const { target } = call;
  const mode = options.retry ?? (call.operation ? RETRY_POLICY[call.operation].retry : "unsent");
  const maxRetries =
    options.maxRetries === undefined ? config.maxRetries : checkRetries(options.maxRetries);
  const attempt: Attempt = {
    config,
    call,
    signal: options.signal ?? call.signal ?? undefined,
    timeoutMs: options.timeoutMs === undefined ? config.timeoutMs : checkTimeout(options.timeoutMs),
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
      const answer = await sendOnce(attempt);
      if (logger) log(String(answer.status), answer.headers.get("cf-ray"));
      if (answer.status < 300) return answer;
      delay =
        retry < maxRetries
          ? delayAfterStatus(mode, answer.status, answer.headers, retry)
          : undefined;
      if (delay === undefined) return answer;
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
  call: Call;
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
  timeoutMs: number;
};

/** A failure of the network itself (as opposed to a bug), wrapped so that it is never confused. */
class NetworkFailure {
  constructor(readonly error: unknown) {}
}

/** One attempt: follows redirects itself and reads the body, all within the timeout. */
async function sendOnce(attempt: Attempt): Promise<Answer> {
  const { config, call } = attempt;
  const streams = call.success === "binary";
  const deadline = startDeadline(attempt.timeoutMs, attempt.signal, streams);
  let streaming = false;
  let response: Response;
  let text: string;
  try {
    response = await fetchFollowingRedirects(
      config.fetch,
      call.request,
      config.baseUrl.origin,
      deadline.signal ?? null,
    );
    // A download streams to the caller: the timeout covers its headers, the caller's signal all of it.
    if (streams && response.ok) {
      streaming = true;
      const { status, statusText, headers } = response;
      return { status, statusText, headers, text: "", streamed: response };
    }
    text = await response.text();
  } catch (error) {
    throw deadline.signal?.reason === TIMEOUT ? TIMEOUT : new NetworkFailure(error);
  } finally {
    if (streaming) deadline.endTimeout();
    else deadline.end();
  }
  return checkBody(response, text, call);
}

/** The buffered answer; a success must carry the JSON the document promises. */
function checkBody(response: Response, text: string, call: Call): Answer {
  const { status, statusText, headers } = response;
  const answer: Answer = { status, statusText, headers, text };
  if (!response.ok || call.success !== "json" || NULL_BODY_STATUSES.has(status)) return answer;
  const problem = (detail: string): BadResponseError =>
    new BadResponseError(call.target, status, text, detail);
  if (text.trim() === "") throw problem("an empty body where JSON was expected");
  try {
    answer.value = JSON.parse(text);
  } catch {
    throw problem("a body that is not valid JSON");
  }
  if (answer.value === null || typeof answer.value !== "object")
    throw problem("JSON that is not an object or a list");
  return answer;
}

/** Turns what an attempt threw into the client's error classes; a bug is rethrown as it is. */
function classify(caught: unknown, attempt: Attempt): unknown {
  const { signal } = attempt;
  const { target } = attempt.call;
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
