/**
 * Every failure the client raises is a `SeekrFlowError`. Subclasses exist where a caller branches:
 * by HTTP status, network failure, timeout, abort, bad input and bad responses.
 * No error ever holds a request's headers, so the API key cannot leak through one (an APIError
 * holds its response's headers).
 */
import type { components } from "../generated/schema.js";
import { type OperationId, operationTable } from "../generated/operations.js";
import { type RequestTarget, targetOf } from "./find-operation.js";

/**
 * What the server said went wrong, as the document's error bodies put it: a message
 * (`ErrorDetail`), the list of broken constraints of a 422 (`HTTPValidationError`), or, from a
 * proxy, the page's text; undefined when the answer had no body.
 */
export type APIErrorDetail =
  | components["schemas"]["ErrorDetail"]["detail"]
  | components["schemas"]["HTTPValidationError"]["detail"]
  | undefined;

export type { RequestTarget };

/** The base class of every error this package throws. */
export class SeekrFlowError extends Error {
  override name = "SeekrFlowError";
}

/** `getDataJob (GET /v1/flow/data-jobs/dj-1)`: the request an error is about, in words. */
export function describeRequest(target: RequestTarget): string {
  return `${target.operation} (${target.method} ${target.path})`;
}

/**
 * An error about one request that was made (or begun): the operation, method and path it is
 * about, declared here once for `APIError`, `APIConnectionError`, `APIAbortError` and
 * `BadResponseError`.
 */
export class RequestError extends SeekrFlowError {
  override name = "RequestError";
  /** The operationId of the request (while waiting, the poll's). */
  readonly operation: string;
  /** The HTTP method of the request. */
  readonly method: string;
  /** The URL path of the request, as sent (the base URL's path in it). */
  readonly path: string;

  constructor(target: RequestTarget, message: string, options?: ErrorOptions) {
    super(message, options);
    this.operation = target.operation;
    this.method = target.method;
    this.path = target.path;
  }
}

/** The client was configured wrongly (a missing or malformed API key, a bad option). */
export class ConfigurationError extends SeekrFlowError {
  override name = "ConfigurationError";
}

/** One broken constraint of a request, found before it was sent. */
export interface InvalidField {
  /** Where: `body.name`, `query.limit`, `path.data_job_id`. */
  field: string;
  /** The document's keyword that failed: `minLength`, `enum`, `required`, … */
  rule: string;
  /** What is wrong, for people. */
  message: string;
}

/** The request breaks the OpenAPI document's constraints; nothing was sent. */
export class InvalidRequestError extends SeekrFlowError {
  override name = "InvalidRequestError";
  /** The operation whose input was rejected (or the helper: `waitFor`, `uploadEach`). */
  readonly operation: string;
  /** The HTTP method the operation would have used; undefined for a helper. */
  readonly method: string | undefined;
  /** The URL path it would have gone to (its parameters filled in); undefined for a helper. */
  readonly path: string | undefined;
  /** Every broken constraint. */
  readonly fields: InvalidField[];

  /** `pathParams` fill in the path, as far as they were given. */
  constructor(operation: string, fields: InvalidField[], pathParams?: Record<string, string>) {
    const list = fields.map((f) => `${f.field} ${f.message}`).join("; ");
    super(`${operation}: invalid request, nothing was sent: ${list}`);
    const target =
      operation in operationTable ? targetOf(operation as OperationId, pathParams) : undefined;
    this.operation = operation;
    this.method = target?.method;
    this.path = target?.path;
    this.fields = fields;
  }
}

/** What the server said about a failed request. */
export interface APIErrorInit extends RequestTarget {
  status: number;
  /** The parsed body: a string, FastAPI's `{ detail }`, the 422 list, or undefined. */
  body: unknown;
  headers: Headers;
}

/** The server answered with an error status. Subclasses by status: see `APIError.from`. */
export class APIError extends RequestError {
  override name = "APIError";
  /** The HTTP status. */
  readonly status: number;
  /** The server's `detail`: a message, or for a 422 the structured list of broken constraints. */
  readonly detail: APIErrorDetail;
  /** The `cf-ray` header, to quote when reporting a problem. */
  readonly requestId: string | undefined;
  /** The response's headers (the API key is never in them: it travels in the request). */
  readonly headers: Headers;

  constructor(init: APIErrorInit, hint = "") {
    const detail = detailOf(init.body);
    const requestId = requestIdOf(init.headers);
    const message =
      `${describeRequest(init)} failed with ${init.status}: ${summarize(detail)}` +
      (requestId ? ` [cf-ray ${requestId}]` : "");
    super(init, hint ? `${message.replace(/\.?$/, ".")}${hint}` : message);
    this.status = init.status;
    this.detail = detail;
    this.requestId = requestId;
    this.headers = init.headers;
  }

  /**
   * The server's detail as lines for people: each broken constraint of a 422 as `field: message`,
   * or its one message; none when the answer said nothing.
   */
  detailLines(): string[] {
    return detailLines(this.detail);
  }

  /** The subclass for the status. */
  static from(init: APIErrorInit, hint?: string): APIError {
    return new (errorClassFor(init.status))(init, hint);
  }
}

/** 400: the request was malformed. */
export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
/** 401: the key is missing or not valid. */
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
/** 403: the key may not do this. */
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
/** 404: nothing with this id exists for the caller. */
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
/** 409: the operation does not fit the resource's state (such as starting a job not ready). */
export class ConflictError extends APIError {
  override name = "ConflictError";
}
/** 422: the server rejected the input; `detail` lists each broken constraint. */
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
/** 429: too many requests. */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
/** 5xx: the server failed. */
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** The `APIError` class of an error status: its own, `InternalServerError` for 5xx, else `APIError`. */
export function errorClassFor(status: number): typeof APIError {
  return STATUS_CLASSES[status] ?? (status >= 500 ? InternalServerError : APIError);
}

const STATUS_CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The request did not complete: the connection failed or broke. */
export class APIConnectionError extends RequestError {
  override name = "APIConnectionError";
  /** Whether the request may have reached the server and taken effect. */
  readonly mayHaveTakenEffect: boolean;

  constructor(
    target: RequestTarget,
    message: string,
    options: { cause?: unknown; mayHaveTakenEffect: boolean },
  ) {
    super(target, `${describeRequest(target)}: ${message}`, { cause: options.cause });
    this.mayHaveTakenEffect = options.mayHaveTakenEffect;
  }
}

/** The request took longer than its timeout. */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
}

/** The caller aborted the request (its `signal` fired). Never retried. */
export class APIAbortError extends RequestError {
  override name = "APIAbortError";
}

/** An answer as read: its status, headers and body text (and, for a JSON success, the parsed body). */
export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  json?: object;
}

/** A success response whose body is not what the document promises (HTML, empty, invalid JSON). */
export class BadResponseError extends RequestError {
  override name = "BadResponseError";
  /** The HTTP status. */
  readonly status: number;
  /** The first characters of the body. */
  readonly excerpt: string;
  /** The `cf-ray` header of the answer, to quote when reporting a problem. */
  readonly requestId: string | undefined;

  constructor(target: RequestTarget, answer: Answer, problem: string) {
    const { body } = answer;
    const excerpt = body.length > 200 ? `${body.slice(0, 200)}…` : body;
    const requestId = requestIdOf(answer.headers);
    super(
      target,
      `${describeRequest(target)} answered ${answer.status} with ${problem}` +
        (excerpt ? `: ${JSON.stringify(excerpt)}` : "") +
        (requestId ? ` [cf-ray ${requestId}]` : ""),
    );
    this.status = answer.status;
    this.excerpt = excerpt;
    this.requestId = requestId;
  }
}

/** The id of the request that `headers` answered (Cloudflare's `cf-ray`), to quote in reports. */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get("cf-ray") ?? undefined;
}

/** `detail` of a FastAPI body; another body as text, so that `detail` is always what its type says. */
function detailOf(body: unknown): APIErrorDetail {
  const detail =
    body && typeof body === "object" && "detail" in body
      ? (body as { detail: unknown }).detail
      : body;
  if (typeof detail === "string") return detail;
  if (
    Array.isArray(detail) &&
    detail.every((item) => item && typeof item === "object" && "msg" in item)
  )
    return detail as APIErrorDetail;
  // JSON.stringify(undefined) is undefined: an answer without a body has no detail.
  return JSON.stringify(detail) as string | undefined;
}

function detailLines(detail: APIErrorDetail): string[] {
  if (detail === undefined || detail === "") return [];
  if (typeof detail === "string") return [oneLine(detail)];
  return detail.map((item) => `${(item.loc ?? []).join(".")}: ${item.msg}`);
}

/** A short, one-line account of a server's detail, for messages. */
function summarize(detail: APIErrorDetail): string {
  return detailLines(detail).join("; ") || "no details in the response";
}

/**
 * What reached the API before a refusal, in the words every surface uses: "Nothing was sent."
 * or "N request(s) were sent before this was found."
 */
export function requestsSent(count: number): string {
  return count === 0 ? "Nothing was sent." : `${count} request(s) were sent before this was found.`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
