/**
 * How the facade calls an operation: named once, by its operationId. Method, path, body kind and
 * what a success carries come from the generated table; the input is checked against the document
 * here, then sent through openapi-fetch (its middleware included) with a `fetch` made for this
 * call, and the answer unwrapped into its data, or a typed `APIError` for an error status.
 */
import type { Client } from "openapi-fetch";
import { type OperationId, operationTable } from "../generated/operations.js";
import type { paths } from "../generated/schema.js";
import { APIPromise, type CallResult } from "./api-promise.js";
import type { ResolvedConfig } from "./config.js";
import { type Answer, APIError, requestIdOf } from "./errors.js";
import { targetOf } from "./find-operation.js";
import { retryModeOf, takenEffectHint } from "./retry-policy.js";
import { type UploadForm, type RequestOptions, transportFetch } from "./transport.js";
import type { CallInput, DataOf } from "./operation-types.js";
import { assertValidRequest } from "./validate.js";

/** The typed client and settings the facade's resources call through. */
export class Caller {
  /** @internal Made by `SeekrFlow`. */
  constructor(
    readonly client: Client<paths>,
    readonly config: ResolvedConfig,
  ) {}

  /** Sends `operation` with `input` and per-call `options`; resolves with its data, or rejects. */
  call<Op extends OperationId>(
    operation: Op,
    input: CallInput<Op> = {},
    options: RequestOptions = {},
  ): APIPromise<DataOf<Op>> {
    return new APIPromise(this.result(operation, input, options));
  }

  /**
   * The same as `call`, as a promise of the data with its response; `upload` is a form sent as
   * is (and the `fetch` to stream it with).
   */
  async result<Op extends OperationId>(
    operation: Op,
    input: CallInput<Op> = {},
    options: RequestOptions = {},
    upload?: UploadForm,
  ): Promise<CallResult<DataOf<Op>>> {
    const { method, path, success } = operationTable[operation];
    const {
      path: pathParams,
      query,
      body,
    } = input as {
      path?: Record<string, string>;
      query?: Record<string, unknown>;
      body?: unknown;
    };
    await assertValidRequest(operation, { path: pathParams, query, body });
    let answer: Answer | undefined;
    let forwarded: Response | undefined;
    const send = this.client.request as (
      method: string,
      path: string,
      init: Record<string, unknown>,
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    const { data, error, response } = await send(method.toLowerCase(), path, {
      params: { path: pathParams, query },
      ...(body === undefined ? {} : { body }),
      ...(upload ? { bodySerializer: () => upload.form } : {}),
      // The transport reads the body and parses a JSON success once: openapi-fetch leaves it.
      parseAs: "stream",
      fetch: transportFetch(this.config, { ...options, operation }, upload, (read, sent) => {
        answer = read;
        forwarded = sent;
      }),
    });
    const requestId = requestIdOf(response.headers);
    if (response.ok) {
      // A response a middleware made or replaced did not come from the transport: read it here.
      const result =
        success === "none"
          ? undefined
          : success === "binary"
            ? data
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
      return { data: result as DataOf<Op>, response, requestId, unread };
    }
    const target = targetOf(operation, pathParams);
    const mode = options.retry ?? retryModeOf(operation, target.method);
    // The path as it was sent: under the base URL's own path, so that a doubled /v1 shows.
    const sent = `${this.config.baseUrl.pathname.replace(/\/$/, "")}${target.path}`;
    throw APIError.from(
      { ...target, path: sent, status: response.status, body: error, headers: response.headers },
      response.status >= 500 ? takenEffectHint(operation, mode) : "",
    );
  }
}
