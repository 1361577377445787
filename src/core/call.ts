/**
 * How the facade calls an operation: through the typed openapi-fetch client with the call's own
 * settings, then unwrapped into its data, or a typed `APIError` for an error status.
 */
import { type OperationId, operations } from "../generated/operations.js";
import { APIPromise, type CallResult } from "./api-promise.js";
import type { SeekrFlowRawClient } from "./client.js";
import type { ResolvedConfig } from "./config.js";
import { type Answer, APIError, type RequestTarget, requestIdOf } from "./errors.js";
import { retryModeOf, takenEffectHint } from "./retry-policy.js";
import {
  type CallBody,
  type RequestFetch,
  type RequestOptions,
  transportFetch,
} from "./transport.js";

/** What each facade call hands openapi-fetch besides its parameters. */
export interface PerCall {
  fetch: RequestFetch;
}

/** openapi-fetch's answer to a call. */
type Outcome<T> = { data?: T; error?: unknown; response: Response };

/** The typed client and settings the facade's resources call through. */
export class Caller {
  /** @internal Made by `SeekrFlow`. */
  constructor(
    readonly client: SeekrFlowRawClient,
    readonly config: ResolvedConfig,
  ) {}

  /**
   * Sends `operation` with `send` (a call of the typed client) and per-call `options`; resolves
   * with its data, or rejects with a `SeekrFlowError`.
   */
  call<T>(
    operation: OperationId,
    pathParams: Record<string, string> | undefined,
    send: (init: PerCall) => Promise<Outcome<T>>,
    options: RequestOptions = {},
  ): APIPromise<T> {
    return new APIPromise(this.result(operation, pathParams, send, options));
  }

  /** The same as `call`, as a promise of the data with its response; `body` is a form sent as is. */
  async result<T>(
    operation: OperationId,
    pathParams: Record<string, string> | undefined,
    send: (init: PerCall) => Promise<Outcome<T>>,
    options: RequestOptions = {},
    body?: CallBody,
  ): Promise<CallResult<T>> {
    let answer: Answer | undefined;
    let forwarded: Response | undefined;
    // The transport has read the body and parsed a JSON success once already: openapi-fetch is
    // told not to read it again ("stream"), and the data is the transport's (the types are the
    // same: the facade's methods are typed by openapi-fetch's JSON result).
    const init = {
      fetch: transportFetch(this.config, options, body, (read, response) => {
        answer = read;
        forwarded = response;
      }),
      parseAs: "stream",
    } as PerCall;
    const { data: unparsed, error, response } = await send(init);
    const requestId = requestIdOf(response.headers);
    if (response.ok) {
      // A response a middleware made or replaced did not come from the transport: read it here.
      const data =
        operations[operation].success !== "json"
          ? unparsed
          : response === forwarded
            ? answer?.json
            : await response.json();
      // A streamed body was never read (the answer is not kept): the response is as it came.
      const unread = (): Response =>
        answer
          ? new Response(answer.body === "" ? null : answer.body, {
              status: answer.status,
              statusText: response.statusText,
              headers: answer.headers,
            })
          : response;
      return { data: data as T, response, requestId, unread };
    }
    const target = targetOf(operation, pathParams);
    const mode = options.retry ?? retryModeOf(operation, target.method);
    throw APIError.from(
      {
        ...target,
        status: response.status,
        body: error,
        headers: response.headers,
      },
      response.status >= 500 ? takenEffectHint(operation, mode) : "",
    );
  }
}

/** Where a call of `operation` goes, as errors name it: its method and path, parameters filled in. */
export function targetOf(
  operation: OperationId,
  pathParams: Record<string, string> = {},
): RequestTarget {
  const { method, path } = operations[operation];
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(pathParams[name] ?? ""),
  );
  return { operation, method, path: filled };
}
